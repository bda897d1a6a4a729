"""A realistic demo college: ~300 students in several classes and years, staff in every
role, three terms of grades whose spread reaches every level of the college's ruleset.

Dated from today (issue 17 #12): the last graded term is the one that ended most recently,
the youngest class entered in that term's academic year, and the rosters, talks and
pairings count back from today; everything else comes from a fixed seed."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from . import access, clock, standing
from .cadence_policies import apply_preset, suggest_preset
from .models import (
    College,
    GradeRecord,
    Guardian,
    Major,
    RoleGrant,
    SchoolClass,
    Student,
    Term,
    User,
)
from .passwords import hash_password
from .transcript import outstanding_failures


def last_term(today: date) -> tuple[int, int]:
    """(start year, n) of the regular term that ended most recently: in the autumn term
    (September to January) last spring's, in the spring term (February to August) last
    autumn's."""
    if today.month >= 9:
        return today.year - 1, 2
    if today.month == 1:
        return today.year - 2, 2
    return today.year - 1, 1


def demo_terms(today: date) -> list[tuple[str, date, date]]:
    """The three regular terms before today, oldest first: (code, first day, last day)."""
    year, n = last_term(today)
    found = []
    for _ in range(3):
        found.append((year, n))
        year, n = (year, 1) if n == 2 else (year - 1, 2)
    return [(f"{y}-{y + 1}-{k}", *_term_days(y, k)) for y, k in reversed(found)]


def _term_under_way(last_code: str) -> Term:
    """The term after the last one graded, its days known (the administrator enters them at
    its start): the due lists see the holiday between the two."""
    year, n = int(last_code[:4]), int(last_code[-1])
    year, n = (year + 1, 1) if n == 2 else (year, 2)
    first, last = _term_days(year, n)
    return Term(
        code=f"{year}-{year + 1}-{n}", start_year=year, n=n, start_date=first, end_date=last
    )


def _term_days(year: int, n: int) -> tuple[date, date]:
    """Autumn: the first Monday of September to mid-January; spring: the last Monday of
    February to early July (how most colleges' calendars run)."""
    if n == 1:
        first = date(year, 9, 1)
        first += timedelta(days=-first.weekday() % 7)
        return first, first + timedelta(weeks=19, days=-1)
    first = date(year + 1, 2, 28)
    first -= timedelta(days=first.weekday())
    return first, first + timedelta(weeks=19, days=-1)


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳"
GIVEN = "伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯鹏辉晨欣雨婷佳琪子涵一诺梓轩思远嘉怡雅文博瑞昊天宁悦"
PLACES = (
    "甘肃兰州",
    "辽宁鞍山",
    "浙江绍兴",
    "广西南宁",
    "四川成都",
    "河南郑州",
    "山东济南",
    "湖北武汉",
)
COURSES = [  # code, name, credits, degree course
    ("MA101", "高等数学A(1)", 5, True),
    ("MA102", "高等数学A(2)", 5, True),
    ("PH101", "大学物理", 4, True),
    ("CH101", "无机化学", 3, True),
    ("EN101", "大学英语(1)", 3, False),
    ("EN102", "大学英语(2)", 3, False),
    ("BI201", "细胞生物学", 3, True),
    ("BI202", "生物化学", 4, True),
    ("BI203", "微生物学", 3, True),
    ("PE101", "体育(1)", 1, False),
    ("PE102", "体育(2)", 1, False),
    ("PO101", "思想道德与法治", 3, False),
    ("CS101", "程序设计基础", 3, False),
    ("BI301", "分子生物学", 3, True),
    ("BI302", "遗传学", 3, True),
    ("ST201", "生物统计", 2, False),
]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _org(base: int):
    """`base`: the start year of the last graded term's academic year; the youngest classes
    entered that year, the oldest two years before."""
    life = College(name="生命科学学院")
    elec = College(name="电气工程学院")
    bio = Major(college=life, name="生物科学")
    tech = Major(college=life, name="生物技术")
    power = Major(college=elec, name="电气工程及其自动化")
    classes = []
    for major, prefix, years in (
        (bio, "生科", (base - 2, base - 1, base)),
        (tech, "生技", (base - 2, base - 1)),
        (power, "电气", (base - 1,)),
    ):
        for year in years:
            for n in (1, 2) if major is bio else (1,):
                classes.append(
                    SchoolClass(major=major, name=f"{prefix}{year % 100}{n:02d}班", grade_year=year)
                )
    db.session.add_all([life, elec])
    db.session.add_all(classes)
    db.session.flush()
    return (life, elec), (bio, tech, power), classes


def _students(rng, classes, base: int) -> list[Student]:
    students = []
    for class_index, school_class in enumerate(classes, start=1):
        major = school_class.major
        for i in range(1, 31 if school_class.grade_year != base else 29):
            number = f"{school_class.grade_year}{class_index:02d}{i:02d}"
            student = Student(
                student_no=number,
                name=_name(rng),
                gender=rng.choice(("男", "女")),
                grade_year=school_class.grade_year,
                school_class=school_class,
                major=major,
                college=major.college,
                native_place=rng.choice(PLACES),
                phone=f"13{rng.randrange(10**8, 10**9)}",
                family_situation=rng.choice(
                    ("", "单亲家庭", "家庭经济困难，父母务农", "父母在外务工")
                ),
                extended_study=(i == 7 and school_class.grade_year == base - 2),
            )
            student.guardians.append(
                Guardian(
                    name=student.name[0] + _name(rng)[1:],
                    relation=rng.choice(("父亲", "母亲")),
                    phone=f"13{rng.randrange(10**8, 10**9)}",
                    address=f"{student.native_place}市某路{i}号",
                )
            )
            students.append(student)
    db.session.add_all(students)
    return students


def _courses_for(class_index: int, term_index: int) -> list[tuple]:
    start = (class_index * 3 + term_index * 5) % len(COURSES)
    return [COURSES[(start + k) % len(COURSES)] for k in range(7)]


def _grades(rng, students, terms, classes) -> None:
    class_index = {c.id: i for i, c in enumerate(classes)}
    rows = []
    for index, student in enumerate(students):
        ability = rng.gauss(0, 1) - (1.8 if rng.random() < 0.08 else 0)
        profile = index % 30
        for t_index, term in enumerate(terms):
            if term.start_year < student.grade_year:
                continue
            slump = 1.4 if (t_index == 2 and rng.random() < 0.08) else 0
            courses = _courses_for(class_index[student.class_id], t_index)
            planned = _planned_failures(profile, courses, last_term=t_index == len(terms) - 1)
            for code, name, credits, degree in courses:
                if planned is None:
                    rows += _attempts(
                        rng, student, term, code, name, credits, degree, ability - slump
                    )
                else:
                    rows += _fixed_attempts(
                        student, term, code, name, credits, degree, failed=code in planned
                    )
    db.session.bulk_insert_mappings(GradeRecord, rows)


def _planned_failures(profile: int, courses, *, last_term: bool) -> set[str] | None:
    """A few students per class have set results, so every level of every ruleset appears
    in the demo: one fails everything, one fails a course a term, two fail one small course."""
    if profile == 3:
        return {c[0] for c in courses}
    if profile == 11:
        return {max(courses, key=lambda c: c[2])[0]}
    if profile in (19, 23):
        return {next(c[0] for c in courses if c[2] in (2, 3))} if last_term else set()
    return None


def _word(score: int) -> str:
    return "优秀" if score >= 90 else "良好" if score >= 80 else "及格" if score >= 60 else "不及格"


def _attempt_base(student, term, code, name, credits, degree) -> dict:
    """What every attempt at a course holds, whatever its score."""
    return dict(
        student_id=student.id,
        term_id=term.id,
        course_code=code,
        course_name=name,
        credits=Decimal(credits),
        degree_course=degree,
        absent=False,
        ignored=False,
        grade_point=None,
        course_type="必修" if degree else "公共课",
    )


def _attempts(rng, student, term, code, name, credits, degree, ability) -> list[dict]:
    base = _attempt_base(student, term, code, name, credits, degree)
    if ability < -1.2 and rng.random() < 0.04:
        return [
            dict(
                base, kind="regular", score=Decimal(0), score_text="旷考", passed=False, absent=True
            )
        ]
    score = max(0, min(100, round(83 + 7 * ability + rng.gauss(0, 7))))
    text = _word(score) if code.startswith("PE") else str(score)
    value = {"优秀": 95, "良好": 85, "及格": 65, "不及格": 0}.get(text, score)
    rows = [dict(base, kind="regular", score=Decimal(value), score_text=text, passed=value >= 60)]
    if value < 60:
        makeup = max(0, min(100, round(62 + 6 * ability + rng.gauss(0, 8))))
        rows.append(
            dict(
                base,
                kind="makeup",
                score=Decimal(makeup),
                score_text=str(makeup),
                passed=makeup >= 60,
            )
        )
    return rows


def _fixed_attempts(student, term, code, name, credits, degree, *, failed: bool) -> list[dict]:
    base = _attempt_base(student, term, code, name, credits, degree)
    if not failed:
        return [dict(base, kind="regular", score=Decimal(88), score_text="88", passed=True)]
    return [
        dict(base, kind="regular", score=Decimal(42), score_text="42", passed=False),
        dict(base, kind="makeup", score=Decimal(48), score_text="48", passed=False),
    ]


STAFF = [  # role, username, name, scope kind, scope picker
    ("admin", "admin", "系统管理员", "all", None),
    ("leader", "leader", "周院长", "college", lambda o: o["colleges"][0]),
    ("secretary", "secretary", "林秘书", "college", lambda o: o["colleges"][0]),
    ("counselor", "counselor", "陈辅导员", "major", lambda o: o["majors"][0]),
    # The youngest class: its students' plans are reviewed by their class advisor.
    ("class_advisor", "advisor", "黄班主任", "class", lambda o: o["advisor_class"]),
    ("teacher", "teacher", "吴老师", "college", lambda o: o["colleges"][0]),
    ("mentor", "mentor", "郑导师", "major", lambda o: o["majors"][0]),
    ("counselor", "counselor2", "马辅导员", "college", lambda o: o["colleges"][1]),
    # Each college's own staff act for it: its roster is submitted and approved, its
    # students talked with, by people whose grants reach them (an outside walk found the
    # first college's secretary told of the second's rosters, links that answered 404).
    ("counselor", "counselor3", "许辅导员", "major", lambda o: o["majors"][1]),
    ("secretary", "secretary2", "孙秘书", "college", lambda o: o["colleges"][1]),
    ("leader", "leader2", "钱院长", "college", lambda o: o["colleges"][1]),
    # The teaching office (教务处): a secretary over the whole school, for both colleges side
    # by side (every roster, the school's review, imports naming either college); made last,
    # so each college's own secretary submits its roster. The administrator keeps accounts
    # and settings and reads no student's records.
    ("secretary", "office", "教务处何老师", "all", None),
]


# What the students they help see of them (issue 17): an office, and one office phone shown.
OFFICES = {
    "counselor": ("学工楼 305，工作日 9:00–17:00", "0412-5928305", True),
    "advisor": ("生科楼 210，周二、周四下午", "13700001234", False),
    "mentor": ("实验楼 402，邮箱 zheng@example.edu.cn", None, False),
}


def _staff(password_hash: str, org: dict) -> list[tuple[str, str]]:
    accounts = []
    for role, username, name, kind, pick_unit in STAFF:
        office, phone, show_phone = OFFICES.get(username, (None, None, False))
        user = User(
            username=username,
            name=name,
            password_hash=password_hash,
            must_change_password=False,
            office=office,
            phone=phone,
            show_phone=show_phone,
        )
        scope_id = pick_unit(org).id if pick_unit else None
        user.grants.append(RoleGrant(role=role, scope_kind=kind, scope_id=scope_id))
        db.session.add(user)
        accounts.append((role, username))
    return accounts


def staff_reaching(student: Student, role: str) -> User | None:
    """The demo account of `role` whose grant holds the student's unit (the first made):
    who records a talk or a contact for the student in the demo, never someone the student
    is out of reach of."""
    grants = db.session.scalars(
        select(RoleGrant).where(RoleGrant.role == role).order_by(RoleGrant.user_id)
    )
    return next((g.user for g in grants if access.unit_reaches(g, student)), None)


def staff_of_college(college_id: int | None, role: str) -> User | None:
    """The demo account of `role` that acts for the whole college (or school, for None)."""
    over = RoleGrant.scope_kind == "all"
    if college_id is not None:
        over = RoleGrant.over_college(college_id)
    return db.session.scalar(
        select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == role, over)
        .order_by(User.id)
        .limit(1)
    )


def _student_accounts(password_hash: str, students, volunteer) -> list[tuple[str, str]]:
    accounts = []
    for student in students:
        user = User(
            username=student.student_no,
            name=student.name,
            password_hash=password_hash,
            must_change_password=False,
            student_id=student.id,
        )
        user.grants.append(RoleGrant(role="student", scope_kind="self"))
        if student is volunteer:
            user.username = "volunteer"
            user.grants.append(RoleGrant(role="volunteer", scope_kind="self"))
            accounts.append(("volunteer", user.username))
        else:
            accounts.append(("student", user.username))
        db.session.add(user)
    return accounts


def build_demo(
    password: str, seed: int = 20261123, today: date | None = None
) -> list[tuple[str, str]]:
    """Create the demo data; returns (role, username) for every account. Flushes only."""
    rng = random.Random(seed)
    dated = demo_terms(today or clock.today())
    base = int(dated[-1][0][:4])
    colleges, majors, classes = _org(base)
    terms = [
        Term(code=c, start_year=int(c[:4]), n=int(c[-1]), start_date=first, end_date=last)
        for c, first, last in dated
    ]
    db.session.add_all([*terms, _term_under_way(dated[-1][0])])
    students = _students(rng, classes, base)
    db.session.flush()
    _grades(rng, students, terms, classes)
    # Demo accounts share one password, so they share one hash (hashing 300 would take a minute).
    password_hash = hash_password(password)
    org = {
        "colleges": colleges,
        "majors": majors,
        "classes": classes,
        "advisor_class": next(c for c in classes if c.grade_year == base),
    }
    accounts = _staff(password_hash, org)
    volunteer = next(s for s in students if s.grade_year == base - 2)
    accounts += _student_accounts(password_hash, students, volunteer)
    db.session.flush()
    return accounts


def populate(password: str, hints: list | None = None) -> list[tuple[str, str]]:
    """The core's demo data, then each enabled module's (flush only). A module's demo may
    return (role, username, note) hints for the newcomer; they are added to `hints`."""
    accounts = build_demo(password)
    modules = current_app.extensions["portal.modules"].modules.values()
    for module in sorted(modules, key=lambda m: (m.demo_order, m.name)):
        if module.demo:
            found = module.demo()
            if hints is not None and found:
                hints.extend(found)
    _cadence_policies()
    db.session.flush()
    return accounts


SEVERITY = ("yellow", "orange", "red")  # the badge classes, mildest first


def students_to_try(hints=()) -> list[tuple[str, str, str]]:
    """(role, username, note) of the student accounts a newcomer should log in as first:
    one per warning level the counselor sees, one student who is not warned, and what the
    modules point at (the volunteer's mentee)."""
    major_id = db.session.scalar(
        select(RoleGrant.scope_id)
        .join(User, User.id == RoleGrant.user_id)
        .where(User.username == "counselor", RoleGrant.role == "counselor")
    )
    students = list(
        db.session.scalars(
            select(Student)
            .join(User, User.student_id == Student.id)
            .where(Student.major_id == major_id, User.username == Student.student_no)
            .order_by(Student.student_no)
        )
    )
    warned = standing.current(Student.major_id == major_id)
    levels: dict[tuple, tuple] = {}
    for student in students:
        for held in warned.get(student.id, []):
            levels.setdefault((held.category, held.level), (held, student))
    tries = [
        ("student", student.student_no, f"warned: {held.label}")
        for held, student in sorted(
            levels.values(),
            key=lambda p: (SEVERITY.index(p[0].css) if p[0].css in SEVERITY else 9, p[0].category),
        )
    ]
    calm = next(
        (s for s in students if s.id not in warned and not outstanding_failures(s.id)), None
    )
    if calm is not None:
        tries.append(("student", calm.student_no, "not warned"))
    for role, username, note in hints:
        same = next((i for i, t in enumerate(tries) if t[1] == username), None)
        if same is None:
            tries.append((role, username, note))
        else:
            tries[same] = (role, username, f"{tries[same][2]}; {note}")
    return tries


def _cadence_policies() -> None:
    """Each demo college follows the seed cadence preset that fits its ruleset's levels."""
    for college in db.session.scalars(db.select(College)):
        code = suggest_preset(college.id)
        if code:
            apply_preset(college, code)
