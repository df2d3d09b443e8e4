import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.accounts.importer import ImportFileError, Rejection, import_accounts
from bot.store.crypto import PersonalData
from bot.store.db import Database
from bot.store.models import Account, AuditEntry
from tests.accounts.conftest import WriteCsv, csv_text, row


def accounts(db: Database) -> dict[str, Account]:
    with db.session() as s:
        return {a.account_ref: a for a in s.scalars(select(Account))}


def test_good_file_is_imported(db, personal, now, write_csv: WriteCsv) -> None:
    path = write_csv(
        [
            row(),
            row(account_ref="A-1002", full_name="李伟", currency="cny", locale="zh_Hans"),
            row(
                account_ref="A-1003",
                full_name="陳志明",
                currency="TWD",
                principal="52000",
                interest="0",
                fees="",
                locale="zh-TW",
                timezone="Asia/Taipei",
                date_of_birth="",
                id_last4="",
                phone="",
                email="",
            ),
        ]
    )
    result = import_accounts(db, personal, path, now=now)
    assert result.summary == "inserted 3, updated 0, unchanged 0, rejected 0"
    assert result.rejections == []
    got = accounts(db)
    a = got["A-1001"]
    assert personal.decrypt(a.full_name_enc) == "Li Wei"
    assert personal.decrypt(a.phone_enc) == "+86 138 0000 0000"
    assert personal.decrypt(a.email_enc) == "li.wei@example.com"
    # The kinds and normalisations identity verification uses.
    assert personal.matches("dob", "1990-01-31", a.dob_hash)
    assert personal.matches("id_last4", "123X", a.id_last4_hash)
    assert (a.principal, a.interest, a.fees, a.total) == (
        Decimal("10000"),
        Decimal("1500.5"),
        Decimal("200"),
        Decimal("11700.5"),
    )
    assert (a.currency, a.locale, a.timezone, a.status) == (
        "CNY",
        "zh_CN",
        "Asia/Shanghai",
        "active",
    )
    assert a.created_at == a.updated_at == now
    assert personal.decrypt(got["A-1002"].full_name_enc) == "李伟"
    b = got["A-1003"]
    assert personal.decrypt(b.full_name_enc) == "陳志明"
    assert (b.locale, b.currency, b.principal, b.fees) == ("zh_TW", "TWD", Decimal(52000), 0)
    assert (b.dob_hash, b.id_last4_hash, b.phone_enc, b.email_enc) == (None, None, None, None)


def test_bad_rows_are_reported_by_line_and_good_rows_kept(
    db, personal, now, tmp_path: Path
) -> None:
    good = csv_text([row()]).splitlines()
    header, good_line = good[0], good[1]
    lines = [
        header,  # 1
        good_line,  # 2
        # 3-4: a quoted field with a newline spans two lines
        csv_text([row(account_ref="A-2", creditor="Example\nBank")]).split("\n", 1)[1].rstrip("\n"),
        csv_text([row(account_ref="A-3", currency="XYZ")]).splitlines()[1],  # 5
        "",  # 6: blank, skipped
        csv_text([row(account_ref="A-4", principal="-5")]).splitlines()[1],  # 7
        csv_text([row(account_ref="A-5", due_date="2025-02-30")]).splitlines()[1],  # 8
        "A-6,too,few,fields",  # 9
        csv_text([row(account_ref="", full_name="Nobody")]).splitlines()[1],  # 10
        csv_text([row(account_ref="A-7", locale="fr")]).splitlines()[1],  # 11
        csv_text([row(account_ref="A-8", timezone="Asia/Atlantis")]).splitlines()[1],  # 12
        csv_text([row(account_ref="A-9", date_of_birth="2030-01-01")]).splitlines()[1],  # 13
        csv_text([row(account_ref="A-10", fees="12.345")]).splitlines()[1],  # 14
        csv_text([row(account_ref="A-11", interest="lots")]).splitlines()[1],  # 15
        csv_text([row(account_ref="A-12")]).splitlines()[1],  # 16
    ]
    path = tmp_path / "mixed.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_accounts(db, personal, path, now=now)
    assert [str(r) for r in result.rejections] == [
        "line 5: currency 'XYZ' is not an ISO 4217 code",
        "line 7: principal -5 is negative",
        "line 8: due_date '2025-02-30' is not a valid date (YYYY-MM-DD)",
        "line 9: expected 14 fields, found 4",
        "line 10: account_ref is empty",
        "line 11: locale 'fr' is not supported (use en, zh_CN, zh_TW)",
        "line 12: timezone 'Asia/Atlantis' is not an IANA time zone (like Asia/Shanghai)",
        "line 13: date_of_birth 2030-01-01 is in the future",
        "line 14: fees 12.345 has more decimals than CNY allows (2)",
        "line 15: interest 'lots' is not a number",
    ]
    assert result.summary == "inserted 3, updated 0, unchanged 0, rejected 10"
    got = accounts(db)
    assert sorted(got) == ["A-1001", "A-12", "A-2"]
    assert got["A-2"].creditor == "Example\nBank"


def test_reimport_changes_nothing(db, personal, now, write_csv: WriteCsv) -> None:
    path = write_csv([row(account_ref=f"A-{i}") for i in range(5)])
    import_accounts(db, personal, path, now=now)
    before = {ref: (a.full_name_enc, a.updated_at, a.row_hash) for ref, a in accounts(db).items()}
    again = import_accounts(db, personal, path, now=now + timedelta(days=1))
    assert again.summary == "inserted 0, updated 0, unchanged 5, rejected 0"
    after = {ref: (a.full_name_enc, a.updated_at, a.row_hash) for ref, a in accounts(db).items()}
    assert after == before


def test_equivalent_spellings_are_not_a_change(db, personal, now, write_csv: WriteCsv) -> None:
    import_accounts(db, personal, write_csv([row(principal="100", locale="zh-CN")]), now=now)
    same = write_csv([row(principal=" 100.00 ", locale="zh_Hans", currency="cny")])
    assert import_accounts(db, personal, same, now=now).unchanged == 1


def test_changed_row_is_updated_and_status_kept(db, personal, now, write_csv: WriteCsv) -> None:
    import_accounts(db, personal, write_csv([row(), row(account_ref="A-2")]), now=now)
    with db.session() as s:
        s.execute(
            Account.__table__.update()
            .where(Account.account_ref == "A-1001")
            .values(status="disputed")
        )
    later = now + timedelta(hours=2)
    path = write_csv([row(principal="9000.00", full_name="Li Wei Jr"), row(account_ref="A-2")])
    result = import_accounts(db, personal, path, now=later)
    assert result.summary == "inserted 0, updated 1, unchanged 1, rejected 0"
    a = accounts(db)["A-1001"]
    assert a.principal == Decimal(9000)
    assert personal.decrypt(a.full_name_enc) == "Li Wei Jr"
    assert a.status == "disputed"
    assert (a.created_at, a.updated_at) == (now, later)
    assert accounts(db)["A-2"].updated_at == now


def test_bom_is_accepted(db, personal, now, write_csv: WriteCsv) -> None:
    path = write_csv([row(full_name="王芳")], bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = import_accounts(db, personal, path, now=now)
    assert result.summary == "inserted 1, updated 0, unchanged 0, rejected 0"
    assert personal.decrypt(accounts(db)["A-1001"].full_name_enc) == "王芳"


def test_personal_data_is_never_stored_in_clear(db, personal, now, write_csv: WriteCsv) -> None:
    secrets = {
        "full_name": "張淑芬",
        "phone": "+886 912 345 678",
        "email": "shufen@example.tw",
        "date_of_birth": "1985-07-04",
        "id_last4": "9876",
    }
    import_accounts(db, personal, write_csv([row(**secrets)]), now=now)
    with db.engine.connect() as conn:
        raw = conn.execute(text("SELECT * FROM accounts")).one()
    dump = repr(tuple(raw)) + "".join(
        bytes(v).decode("latin-1") for v in raw if isinstance(v, bytes | memoryview)
    )
    for value in (*secrets.values(), "1985", "19850704"):
        assert value not in dump
        assert value.encode("utf-8").decode("latin-1") not in dump


def test_repeated_ref_keeps_the_first_row_in_any_batch_size(
    db, personal, now, write_csv: WriteCsv
) -> None:
    path = write_csv(
        [
            row(full_name="First"),
            row(account_ref="B"),
            row(full_name="Second"),
            row(account_ref="B"),
        ]
    )
    for batch_size in (1000, 1):
        result = import_accounts(db, personal, path, now=now, batch_size=batch_size)
        assert [str(r) for r in result.rejections] == [
            "line 4: account_ref A-1001 already appears on line 2",
            "line 5: account_ref B already appears on line 3",
        ]
        assert personal.decrypt(accounts(db)["A-1001"].full_name_enc) == "First"


def test_rows_not_utf8_are_rejected(db, personal, now, tmp_path: Path) -> None:
    body = csv_text([row(), row(account_ref="A-2", full_name="Zoë"), row(account_ref="A-3")])
    data = body.encode("utf-8").replace("Zoë".encode(), "Zoë".encode("latin-1"))
    path = tmp_path / "latin1.csv"
    path.write_bytes(data)
    result = import_accounts(db, personal, path, now=now)
    assert [str(r) for r in result.rejections] == ["line 3: not valid UTF-8 text"]
    assert sorted(accounts(db)) == ["A-1001", "A-3"]


def test_header_errors_import_nothing(db, personal, now, write_csv: WriteCsv) -> None:
    header = [c if c != "full_name" else "name" for c in row()]
    path = write_csv([list(row().values())], header=header)
    with pytest.raises(ImportFileError) as exc:
        import_accounts(db, personal, path, now=now)
    assert str(exc.value) == f"{path}: header: unknown column 'name'; missing column 'full_name'"
    assert accounts(db) == {}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "file not found"),
        (b"", "the file is empty (expected a header row)"),
        ("account_ref;währung\n".encode("latin-1"), "not UTF-8 text"),
    ],
)
def test_unusable_files_are_one_line_errors(
    db, personal, now, tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "accounts.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ImportFileError) as exc:
        import_accounts(db, personal, path, now=now)
    assert str(exc.value).startswith(f"{path}: {message}")
    assert "\n" not in str(exc.value)


def test_import_is_audited(db, personal, now, write_csv: WriteCsv) -> None:
    import_accounts(db, personal, write_csv([row(), row(account_ref="")]), now=now, actor="ops")
    with db.session() as s:
        entry = s.scalars(select(AuditEntry)).one()
    assert (entry.actor, entry.action) == ("ops", "accounts.import")
    assert entry.details["inserted"] == 1 and entry.details["rejected"] == 1


def test_encryption_in_two_worker_processes(db, personal, now, write_csv: WriteCsv) -> None:
    rows = [row(account_ref=f"W-{i}", full_name=f"名字 {i}") for i in range(300)]
    path = write_csv(rows)
    seen: list[Rejection] = []
    result = import_accounts(
        db,
        personal,
        path,
        now=now,
        batch_size=7,
        workers=2,
        on_reject=lambda line, reason: seen.append(Rejection(line, reason)),
    )
    assert result.summary == "inserted 300, updated 0, unchanged 0, rejected 0"
    got = accounts(db)
    assert personal.decrypt(got["W-10"].full_name_enc) == "名字 10"
    assert personal.decrypt(got["W-299"].phone_enc) == "+86 138 0000 0000"
    assert personal.matches("dob", "1990-01-31", got["W-3"].dob_hash)
    changed = write_csv([*rows[:150], row(account_ref="W-150", full_name="changed"), *rows[151:]])
    again = import_accounts(db, personal, changed, now=now, batch_size=7, workers=2)
    assert again.summary == "inserted 0, updated 1, unchanged 299, rejected 0"
    assert personal.decrypt(accounts(db)["W-150"].full_name_enc) == "changed"


def test_a_big_file_uses_worker_processes_by_default(tmp_path: Path) -> None:
    from bot.accounts.importer import POOL_MIN_BYTES, default_workers

    big = tmp_path / "big.csv"
    with big.open("wb") as fh:
        fh.truncate(POOL_MIN_BYTES)
    small = tmp_path / "small.csv"
    small.write_text("account_ref\n")
    assert default_workers(small) == 0
    assert default_workers(big) == (min((os.cpu_count() or 1) - 1, 4))


def test_a_repeated_account_ref_is_a_rejected_line(db, personal, now, write_csv: WriteCsv) -> None:
    first = row(account_ref="HX-1", phone="+86 138 1111 2222", email="first@example.com")
    repeat = row(account_ref="HX-1", phone="", email="")
    path = write_csv([first, row(account_ref="HX-2"), repeat])
    result = import_accounts(db, personal, path, now=now, batch_size=1, workers=0)
    assert result.summary == "inserted 2, updated 0, unchanged 0, rejected 1"
    assert [str(r) for r in result.rejections] == [
        "line 4: account_ref HX-1 already appears on line 2"
    ]
    kept = accounts(db)["HX-1"]
    assert personal.decrypt(kept.phone_enc) == "+86 138 1111 2222"
    assert personal.decrypt(kept.email_enc) == "first@example.com"


def test_personal_fixture_is_the_settings_keys(personal: PersonalData) -> None:
    assert personal.matches("dob", "1990-01-31", personal.digest("dob", "1990-01-31"))


def test_reimport_of_unchanged_rows_starts_no_encryption_process(
    db, personal, now, write_csv: WriteCsv, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.accounts.writer as writer

    started: list[int] = []
    real = writer.process_pool

    def counting(personal: PersonalData, workers: int):  # type: ignore[no-untyped-def]
        started.append(workers)
        return real(personal, workers)

    monkeypatch.setattr(writer, "process_pool", counting)
    path = write_csv([row(account_ref=f"L-{i}") for i in range(20)])
    assert import_accounts(db, personal, path, now=now, workers=1, batch_size=5).inserted == 20
    assert started == [1]
    again = import_accounts(db, personal, path, now=now, workers=1, batch_size=5)
    assert again.unchanged == 20
    assert started == [1]
