"""A volunteer warned since being selected (an outside walk: 樊勇军 red-warned and still
tutoring, nothing flagged). Volunteers are good students (gxu 第四条2(3) 优秀学生; lzut 四.6):
their staff see a flag on the pairing, the volunteer and the lists and decide; the mentee
is not told; the volunteer reads supportive words; no new mentee is suggested to them."""

from portal.core.models import SchoolClass
from portal.modules.peer_help.models import Pairing

from .conftest import activate, approved_pairing, pairing_form

FLAG = "这位志愿者目前受到学业警示（红色预警）"
BADGE = "现受警示：红色预警"
SUPPORT = "你目前受到学业警示。先照顾好自己的学业"


def warn(make, followup, student) -> None:
    """The published roster warns the volunteer now (red), as a correction would."""
    make.warning(followup.run, student, level="red", level_rank=3, source="proposal")
    make.db.session.commit()


def page(client, path: str) -> str:
    return client.get(path).get_data(as_text=True)


def test_their_staff_see_the_flag_on_the_pairing_the_volunteer_and_the_lists(
    client, login, db, followup, peer, make
):
    pairing = approved_pairing(client, login, db, followup, peer)
    login(followup.counselor)
    assert FLAG not in page(client, f"/peer-help/pairings/{pairing.id}")  # not warned yet
    warn(make, followup, peer.volunteer_student)
    for who in (followup.counselor, peer.secretary):
        login(who)
        assert FLAG in page(client, f"/peer-help/pairings/{pairing.id}")
        assert FLAG in page(client, f"/peer-help/volunteers/{pairing.volunteer_id}")
        listing = page(client, "/peer-help/")
        assert listing.count(BADGE) == 2  # the volunteer's row and the pairing's
    client.post("/locale", data={"locale": "en"})
    english = page(client, f"/peer-help/pairings/{pairing.id}")
    assert "This volunteer is now under academic warning (Red warning)" in english


def test_the_mentee_is_not_told(client, login, db, followup, peer, make):
    approved_pairing(client, login, db, followup, peer)
    warn(make, followup, peer.volunteer_student)
    login(peer.mentee_user)
    assert "志愿者甲" in page(client, "/peer-help/")  # their volunteer, as before
    for path in ("/", "/peer-help/"):
        shown = page(client, path)
        assert FLAG not in shown and BADGE not in shown and SUPPORT not in shown


def test_staff_who_may_not_read_the_volunteer_see_no_flag(client, login, make, db, followup, peer):
    """The mentee's counselor, granted their class only, opens the pairing but not the
    record of a volunteer of another class: the volunteer's warning is not theirs to see."""
    pairing = approved_pairing(client, login, db, followup, peer)
    other = make.school_class(followup.school_class.major, name="另一班")
    volunteer = peer.volunteer_student
    volunteer.class_id = other.id
    db.session.commit()
    warn(make, followup, volunteer)
    login(followup.counselor)
    shown = page(client, f"/peer-help/pairings/{pairing.id}")
    assert "志愿者甲" in shown and FLAG not in shown
    assert BADGE not in page(client, "/peer-help/")
    login(peer.secretary)  # the college's secretary reads both
    assert FLAG in page(client, f"/peer-help/pairings/{pairing.id}")
    assert db.session.get(SchoolClass, other.id).major_id == followup.school_class.major_id


def test_the_volunteer_reads_supportive_words_and_still_logs_sessions(
    client, login, db, followup, peer, make
):
    approved_pairing(client, login, db, followup, peer)
    login(peer.volunteer_user)
    assert SUPPORT not in page(client, "/peer-help/")
    warn(make, followup, peer.volunteer_student)
    mine = page(client, "/peer-help/")
    assert SUPPORT in mine and FLAG not in mine and "登记辅导" in mine
    home = page(client, "/")
    assert SUPPORT in home


def test_a_warned_volunteer_is_not_suggested_a_new_mentee(client, login, db, followup, peer, make):
    volunteer = activate(client, login, db, followup, peer)
    warn(make, followup, peer.volunteer_student)
    login(followup.counselor)
    form = page(client, f"/peer-help/pairings/new/{followup.orange.id}")
    assert f'name="volunteer" value="{volunteer.id}"' not in form
    assert "正受学业警示，暂不推荐：志愿者甲" in form
    refused = client.post(
        f"/peer-help/pairings/new/{followup.orange.id}", data=pairing_form(volunteer)
    )
    assert refused.status_code == 422
    assert db.session.query(Pairing).count() == 0
