"""The installed wheel, used from outside the source tree (run by tests/smoke_wheel.sh after
`init-db` and `demo`): the log-in page in Chinese, a password change, a grades import."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from openpyxl import Workbook

import portal
from portal import create_app, package_directory

SOURCE = Path(sys.argv[1]).resolve()
DEMO_PASSWORD = "demo-portal-2026"


def check(condition: bool, what: str) -> None:
    if not condition:
        sys.exit(f"wheel smoke test FAILED: {what}")
    print(f"ok  {what}")


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


installed = Path(portal.__file__).resolve()
check(SOURCE not in installed.parents, f"portal imported from the wheel ({installed.parent})")
for name in ("portal.translations", "portal.migrations"):
    check(package_directory(name).is_relative_to(installed.parent), f"{name} inside the package")

app = create_app({"SERVER_NAME": "localhost", "PREFERRED_URL_SCHEME": "https"})
client = app.test_client()
client.environ_base["HTTP_REFERER"] = "https://localhost/"  # Flask-WTF's check on HTTPS

for po in sorted(package_directory("portal.translations").glob("*/LC_MESSAGES/messages.po")):
    with po.open("rb") as source:
        fresh = io.BytesIO()
        write_mo(fresh, read_po(source, locale=po.parent.parent.name))
    check(
        po.with_suffix(".mo").read_bytes() == fresh.getvalue(),
        f"{po.parent.parent.name}: the wheel's .mo is compiled from its .po",
    )
zh = Translations.load(str(package_directory("portal.translations")), ["zh_CN"])
label = zh.gettext("Student or staff number")
check(
    label != "Student or staff number", f"the zh_CN catalogue translates the log-in label ({label})"
)
page = client.get("/login", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
check(label in page and "Student or staff number" not in page, "the log-in page in zh_CN")

answer = client.post(
    "/login", data={"csrf_token": csrf(page), "username": "admin", "password": DEMO_PASSWORD}
)
check(answer.status_code == 303, "log in as the demo admin")
page = client.get("/password").get_data(as_text=True)
new = "a wheel-installed portal 2026"
answer = client.post(
    "/password",
    data={"csrf_token": csrf(page), "current": DEMO_PASSWORD, "new": new, "confirm": new},
)
check(answer.status_code == 303, "a password change through the web")
common = client.post(
    "/password",
    data={"csrf_token": csrf(page), "current": new, "new": "password", "confirm": "password"},
)
check(common.status_code == 422, "a common password refused (common_passwords.txt found)")
with app.app_context():
    from portal.core.models import Student, User
    from portal.core.passwords import verify_password
    from portal.extensions import db

    admin = db.session.scalar(db.select(User).where(User.username == "admin"))
    check(verify_password(admin.password_hash, new), "the new password is stored")
    number = db.session.scalar(db.select(Student.student_no).order_by(Student.id))

book = Workbook()
sheet = book.active
sheet.append(["学号", "姓名", "学年学期", "课程代码", "课程名称", "学分", "成绩", "考试性质"])
sheet.append([number, "张三", "2024-2025-1", "WHEEL101", "打包课", 2, 88, "正考"])
book.save("grades.xlsx")
flask = Path(sys.executable).with_name("flask")
done = subprocess.run(
    [str(flask), "--app", "portal", "import-grades", "grades.xlsx"], capture_output=True, text=True
)
check(done.returncode == 0, f"import-grades: {(done.stdout + done.stderr).strip()}")
with app.app_context():
    from portal.core.models import GradeRecord

    check(
        db.session.scalar(
            db.select(db.func.count())
            .select_from(GradeRecord)
            .where(GradeRecord.course_code == "WHEEL101")
        )
        == 1,
        "the imported grade is in the database",
    )
print("wheel smoke test passed")
