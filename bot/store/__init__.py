"""Storage: models, database connection, migrations, personal-data crypto."""
