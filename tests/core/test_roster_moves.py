"""A roster import that moves students to another class (major, college) says so once, for
the whole file (the core's `students_moving`): a module whose work follows the student's
class (who reviews a waiting study plan, computed when read) hears who moved, reads what
holds before the change, and what it returns is called once the change is made."""

from contextlib import contextmanager

from sqlalchemy import select

from portal.core import signals
from portal.core.models import SchoolClass, Student

from ..xlsx_files import post_import, roster_row, roster_xlsx


def cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


@contextmanager
def moves_heard(app, db):
    """Per `students_moving` sent in the block: the students' classes (学号 → name) when it
    is sent and when what the receiver returned is called."""
    heard = []

    def classes(ids) -> dict:
        return dict(
            db.session.execute(
                select(Student.student_no, SchoolClass.name)
                .join(Student.school_class)
                .where(Student.id.in_(ids))
            ).all()
        )

    def receiver(_app, *, students):
        before = classes(students)
        return lambda: heard.append((before, classes(students)))

    with signals.students_moving.connected_to(receiver, sender=app):
        yield heard


ROSTER = (roster_row(2023010001, "张三"), roster_row("0023010002", "李四", klass="生科2302班"))
# 张三 and 李四 change classes, 李四 a name too; 王五 is new: two moved, one signal.
SWAPPED = (
    roster_row(2023010001, "张三", klass="生科2302班"),
    roster_row("0023010002", "李四四", klass="生科2301班"),
    roster_row(2023010003, "王五", klass="生科2303班"),
)
BEFORE = {"2023010001": "生科2301班", "0023010002": "生科2302班"}
AFTER = {"2023010001": "生科2302班", "0023010002": "生科2301班"}


def test_the_students_a_roster_moves_are_heard_in_one_signal_before_and_after(app, db, tmp_path):
    assert (
        cli(app, "import-students", str(roster_xlsx(tmp_path / "a.xlsx", *ROSTER))).exit_code == 0
    )
    swapped = roster_xlsx(tmp_path / "b.xlsx", *SWAPPED)
    with moves_heard(app, db) as heard:
        result = cli(app, "import-students", str(swapped))
        assert result.exit_code == 0, result.output
        assert heard == [(BEFORE, AFTER)]
        assert "新增 1，更新 2" in result.output
        assert cli(app, "import-students", str(swapped)).exit_code == 0  # nobody moves now
        assert len(heard) == 1


def test_a_roster_uploaded_on_the_web_is_heard_too(app, client, make, login, db, tmp_path):
    major = make.major(make.college("生命科学学院"), "生物科学")
    for name in ("生科2301班", "生科2302班", "生科2303班"):
        make.school_class(major, name)
    login(make.user("MV1", role="secretary", scope=major.college))
    post_import(client, "students", roster_xlsx(tmp_path / "a.xlsx", *ROSTER))
    with moves_heard(app, db) as heard:
        post_import(client, "students", roster_xlsx(tmp_path / "b.xlsx", *SWAPPED))
    assert heard == [(BEFORE, AFTER)]
