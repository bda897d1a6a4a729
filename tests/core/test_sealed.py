"""Sealed columns (security.md check 26): parents' phones and addresses, students' phones
and volunteers' bank accounts are unreadable in the database (a dump, a backup), readable
in the portal; values stored before sealing still read."""

from __future__ import annotations

from sqlalchemy import text

from portal.core.models import Guardian, Student
from portal.core.sealed import PREFIX, seal, unseal

PHONE, ADDRESS, BANK = "13987654321", "幸福路88号", "6222029876543210"


def raw(db, table: str, column: str, row_id: int) -> str:
    return db.session.execute(
        text(f"SELECT {column} FROM {table} WHERE id = :i"), {"i": row_id}
    ).scalar()


def test_phones_addresses_and_bank_accounts_are_stored_sealed(db, make):
    from portal.modules.peer_help.models import Volunteer

    student = make.student(phone=PHONE)
    parent = make.guardian(student, name="母亲", phone=PHONE, address=ADDRESS)
    volunteer = Volunteer(
        student_id=student.id, courses="数学", statement="愿意", bank_account=BANK
    )
    db.session.add(volunteer)
    db.session.commit()
    stored = [
        raw(db, "core_student", "phone", student.id),
        raw(db, "core_guardian", "phone", parent.id),
        raw(db, "core_guardian", "address", parent.id),
        raw(db, "peer_volunteer", "bank_account", volunteer.id),
    ]
    assert all(value.startswith(PREFIX) for value in stored)
    assert not any(secret in value for value in stored for secret in (PHONE, ADDRESS, BANK))
    assert len(set(stored[:2])) == 2  # a fresh nonce each time: equal numbers look different
    db.session.expire_all()
    assert db.session.get(Guardian, parent.id).address == ADDRESS
    assert db.session.get(Student, student.id).phone == PHONE
    assert db.session.get(Volunteer, volunteer.id).bank_account == BANK


def test_values_stored_before_sealing_still_read(db, make):
    student = make.student()
    db.session.execute(
        text("UPDATE core_student SET phone = '13800001111' WHERE id = :i"), {"i": student.id}
    )
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Student, student.id).phone == "13800001111"
    assert unseal(seal("你好")) == "你好"


def test_the_sqlite_dump_holds_no_plaintext(tmp_path):
    import sqlite3

    from flask_migrate import upgrade

    from portal import create_app
    from portal.core.models import College, Major, SchoolClass
    from portal.extensions import db

    from ..conftest import TEST_CONFIG

    path = tmp_path / "dump.sqlite3"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade()
        klass = SchoolClass(
            name="班", grade_year=2024, major=Major(name="专业", college=College(name="学院"))
        )
        db.session.add(klass)
        db.session.flush()
        person = Student(
            student_no="S1",
            name="某",
            class_id=klass.id,
            major_id=klass.major_id,
            college_id=klass.major.college_id,
            phone=PHONE,
            guardians=[Guardian(name="父亲", phone=PHONE, address=ADDRESS)],
        )
        db.session.add(person)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    with sqlite3.connect(path) as connection:
        dump = "\n".join(connection.iterdump())
    assert "S1" in dump and PHONE not in dump and ADDRESS not in dump


def test_the_upgrade_seals_numbers_already_stored(tmp_path):
    import sqlite3

    from flask_migrate import upgrade

    from portal import create_app
    from portal.extensions import db

    from ..conftest import TEST_CONFIG

    path = tmp_path / "old.sqlite3"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade(revision="19f962d14c14")  # the schema before sealing
        db.engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.executescript(
            "INSERT INTO core_college (id, name) VALUES (1, '学院');"
            "INSERT INTO core_major (id, name, college_id) VALUES (1, '专业', 1);"
            "INSERT INTO core_class (id, name, major_id, grade_year) VALUES (1, '班', 1, 2024);"
            "INSERT INTO core_student (id, student_no, name, class_id, major_id, college_id, "
            f"phone, extended_study, status, updated_at) VALUES (1, 'S1', '某', 1, 1, 1, "
            f"'{PHONE}', 0, 'enrolled', '2026-01-01');"
        )
    with app.app_context():
        upgrade()
        assert db.session.get(Student, 1).phone == PHONE
        db.session.remove()
        db.engine.dispose()
    with sqlite3.connect(path) as connection:
        stored = connection.execute("SELECT phone FROM core_student").fetchone()[0]
    assert stored.startswith(PREFIX) and PHONE not in stored
