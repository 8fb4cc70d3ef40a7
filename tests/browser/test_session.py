"""A whole session, on phones and the projector: check-in, quorum, tables, a progressive
speakers' list, live updates without reload, and the speaking-time summary."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assemblea.accounts.models import OrganizationKind
from assemblea.accounts.services import organization_create
from assemblea.assemblies import services as assembly_services
from assemblea.assemblies.models import Assembly, AssemblyRoleName, SeatCategory, SeatType
from assemblea.assemblies.phases import Phase
from assemblea.deliberation import services
from assemblea.deliberation.models import RoomRules, SpeakerRequest, TableSeat

PASSWORD = "a long unusual passphrase"
GENDERS = ["man", "woman", "man", "woman", "man", "woman"]
LIVE = 2_000  # the room view must show a change within 2 s, without a reload
PHONE = 3_000  # a member's phone refreshes their part of the page every 2 s


def _assembly(django_user_model: Any) -> tuple[Any, Any]:
    def user(name: str) -> Any:
        return django_user_model.objects.create_user(username=name, password=PASSWORD)

    organizer = user("lena")
    city = organization_create(actor=organizer, name="Testville", kind=OrganizationKind.COMMUNITY)
    assembly = assembly_services.assembly_create(
        actor=organizer,
        organization=city,
        title="Testville Housing Assembly",
        kind="civic_one_time",
        question="How should Testville house everyone?",
    )
    assembly_services.assembly_publish(actor=organizer, assembly=assembly)
    assembly.categories.all().delete()
    residents = SeatCategory.objects.create(
        assembly=assembly, seat_type=SeatType.LOTTERY, name="Residents", seats=6
    )
    Assembly.objects.filter(pk=assembly.pk).update(phase=Phase.IN_SESSION)
    assembly.refresh_from_db()
    chair = user("chair")
    assembly_services.assembly_role_grant(
        actor=organizer, assembly=assembly, user=chair, role=AssemblyRoleName.FACILITATOR
    )
    for index, gender in enumerate(GENDERS):
        seat = assembly_services.seat_fill(
            actor=organizer, category=residents, name=f"Member {index}", user=user(f"m{index}")
        )
        services.member_profile_set(actor=organizer, seat=seat, values={"gender": gender})
    RoomRules.objects.create(
        assembly=assembly,
        speakers_order="progressive",
        speakers_category="gender",
        boost_values=["woman"],
        table_categories=["gender"],
        table_size_min=3,
        table_size_max=3,
    )
    start = timezone.now()
    session = services.session_create(
        actor=organizer,
        assembly=assembly,
        title="First weekend",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        place="Town hall",
    )
    for title in ("Rents", "Repairs"):
        services.agenda_item_add(actor=organizer, session=session, title=title)
    return assembly, session


def _phone(browser: Any, live_server: Any, username: str) -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def _back_date(seconds: int) -> None:
    """The floor was given `seconds` ago (timers count from the stored start). Written behind
    the services' back, so it announces the change itself, as a service would (live pages)."""
    from assemblea.core.live import live_changed

    speaking = SpeakerRequest.objects.filter(status="speaking")
    sessions = list(speaking.values_list("item__session_id", flat=True))
    speaking.update(started_at=timezone.now() - datetime.timedelta(seconds=seconds))
    live_changed(*(f"room:{session_id}" for session_id in sessions))


def test_a_whole_session(live_server, browser, transactional_db, django_user_model):
    assembly, session = _assembly(django_user_model)
    args = [assembly.slug, session.pk]
    session_url = live_server.url + reverse("deliberation:session", args=args)
    chair = _phone(browser, live_server, "chair")
    chair.goto(live_server.url + reverse("deliberation:chair", args=args))
    chair.get_by_role("button", name="Open the session").click()
    expect(chair.get_by_text("The session is open.")).to_be_visible()

    projector = _phone(browser, live_server, "chair")
    projector.set_viewport_size({"width": 1280, "height": 720})
    projector.goto(live_server.url + reverse("deliberation:room", args=args))
    quorum = projector.get_by_test_id("quorum")
    expect(quorum).to_contain_text("No quorum yet · 0 present, 4 needed")

    # Check-in: four members on their phones, two by the chair at the door.
    phones = [_phone(browser, live_server, f"m{index}") for index in range(4)]
    for number, phone in enumerate(phones, start=1):
        phone.goto(session_url)
        phone.get_by_role("button", name="Check in").click()
        expect(phone.get_by_text("You are checked in.").first).to_be_visible()
        expected = "Quorum reached" if number >= 4 else "No quorum yet"
        expect(quorum).to_contain_text(f"{expected} · {number} present", timeout=LIVE)
    chair.reload()
    for index in (4, 5):
        chair.get_by_role("button", name=f"Check in Member {index}").click()
        expect(chair.get_by_text("Checked in.")).to_be_visible()
    expect(quorum).to_contain_text("Quorum reached · 6 present, 4 needed", timeout=LIVE)
    expect(projector.get_by_test_id("presence")).to_have_text("Residents: 6 of 6 present")

    # Tables: two tables of three, each shown to its members.
    chair.goto(live_server.url + reverse("deliberation:tables", args=args))
    chair.get_by_role("button", name="Set the tables").click()
    expect(chair.get_by_text("The tables were set.")).to_be_visible()
    expect(chair.get_by_role("heading", name="Table 2")).to_be_visible()
    expect(chair.get_by_test_id("table-quality")).to_contain_text("Repeated encounters")
    seats = dict(
        TableSeat.objects.filter(session=session).values_list("seat__name", "table__number")
    )
    assert sorted(seats.values()) == [1, 1, 1, 2, 2, 2]
    for index, phone in enumerate(phones):  # each phone shows it without a reload
        expect(phone.get_by_test_id("your-table")).to_have_text(
            f"Your table: {seats[f'Member {index}']}", timeout=PHONE
        )

    # Item 1: Member 0 speaks for a minute.
    chair.goto(live_server.url + reverse("deliberation:chair", args=args))
    chair.get_by_role("button", name="Start “Rents”").click()
    expect(projector.get_by_role("heading", name="Rents")).to_be_visible(timeout=LIVE)
    phones[0].get_by_role("button", name="Ask to speak").click(timeout=PHONE)
    expect(phones[0].get_by_test_id("your-request")).to_contain_text("speakers' list (Speak)")
    expect(projector.get_by_test_id("queue")).to_have_text("Member 0", timeout=LIVE)
    chair.get_by_role("button", name="Give the floor to the next speaker").click()
    expect(projector.get_by_test_id("now-speaking")).to_have_text("Member 0", timeout=LIVE)
    _back_date(60)
    expect(projector.locator(".room-speaker .room-timer")).to_contain_text("1:0", timeout=LIVE)
    chair.get_by_role("button", name="End this turn").click()
    expect(projector.get_by_test_id("now-speaking")).to_have_text("Nobody", timeout=LIVE)

    # Item 2: three members queue; progressive stack moves up the woman who has not spoken
    # and puts Member 0, who spoke already, last.
    chair.get_by_role("button", name="Start “Repairs”").click()
    expect(projector.get_by_role("heading", name="Repairs")).to_be_visible(timeout=LIVE)
    for index in (0, 2, 1):
        phones[index].get_by_role("button", name="Ask to speak").click(timeout=PHONE)
        expect(phones[index].get_by_test_id("your-request")).to_be_visible()
    expect(projector.get_by_test_id("queue").locator("li")).to_have_text(
        ["Member 1", "Member 2", "Member 0"], timeout=LIVE
    )
    # Each member sees their place; a member cannot queue twice.
    for index, place in ((1, 1), (2, 2), (0, 3)):
        expect(phones[index].get_by_test_id("your-request")).to_contain_text(
            f"Your place: {place}", timeout=PHONE
        )
        expect(phones[index].get_by_role("button", name="Ask to speak")).to_have_count(0)
    chair.reload()
    for name, seconds in (("Member 1", 90), ("Member 2", 40), ("Member 0", 60)):
        chair.get_by_role("button", name="Give the floor to the next speaker").click()
        expect(projector.get_by_test_id("now-speaking")).to_have_text(name, timeout=LIVE)
        phone = phones[int(name[-1])]
        expect(
            phone.get_by_test_id("your-request").get_by_text("You have the floor.")
        ).to_be_visible(timeout=PHONE)
        _back_date(seconds)
    chair.get_by_role("button", name="End this turn").click()
    expect(projector.get_by_test_id("queue")).to_have_text("Nobody is waiting.", timeout=LIVE)
    called = list(
        SpeakerRequest.objects.filter(item__session=session)
        .order_by("ended_at")
        .values_list("seat__name", flat=True)
    )
    assert called == ["Member 0", "Member 1", "Member 2", "Member 0"]

    # The speaking-time summary: men spoke 160 s in 3 turns, women 90 s in 1, with half
    # the room each.
    def seconds(gender: str) -> float:
        names = [f"Member {i}" for i, g in enumerate(GENDERS) if g == gender]
        total = SpeakerRequest.objects.filter(seat__name__in=names).aggregate(Sum("seconds"))
        return float(total["seconds__sum"])

    men, women = seconds("man"), seconds("woman")
    assert 160 <= men < 165 and 90 <= women < 93
    chair.goto(live_server.url + reverse("deliberation:summary", args=args))
    rows = chair.get_by_test_id("speaking-summary").locator("tbody tr")
    share = round(100 * men / (men + women))
    expect(rows.filter(has_text="man").first).to_have_text(
        f"gender man {round(men) // 60}:{round(men) % 60:02d} 3 {share}% 50% "
        f"{men / (men + women) / 0.5:.2f}",
        use_inner_text=True,
    )
    expect(rows.filter(has_text="woman")).to_have_text(
        f"gender woman 1:3{round(women) - 90} 1 {100 - share}% 50% "
        f"{women / (men + women) / 0.5:.2f}",
        use_inner_text=True,
    )
    total = round(men + women)
    expect(rows.filter(has_text="Residents")).to_have_text(
        f"seat Residents {total // 60}:{total % 60:02d} 4 100% 100% 1.00", use_inner_text=True
    )
    # Stop the projector's polling before the test database is flushed.
    for page in (projector, chair, *phones):
        page.context.close()


def test_the_member_is_told_they_have_the_floor_without_losing_focus(
    live_server, browser, transactional_db, django_user_model
):
    """A screen-reader or keyboard user hears "You are next" and "You have the floor" from a
    live region when they become true, and the panel keeps refreshing while the focus is
    inside it without destroying the focused button."""
    assembly, session = _assembly(django_user_model)
    chair = django_user_model.objects.get(username="chair")
    services.session_open(actor=chair, session=session)
    item = session.items.first()
    services.agenda_item_start(actor=chair, item=item)
    member = django_user_model.objects.get(username="m0")
    services.attendance_check_in(actor=member, session=session)
    other = django_user_model.objects.get(username="m1")
    services.attendance_check_in(actor=other, session=session)
    services.speaker_request_add(actor=other, item=item)
    phone = _phone(browser, live_server, "m0")
    phone.goto(live_server.url + reverse("deliberation:session", args=[assembly.slug, session.pk]))
    announce = phone.get_by_test_id("you-announce")
    expect(announce).to_have_attribute("aria-live", "assertive")
    expect(announce).to_have_text("")
    phone.get_by_role("button", name="Ask to speak").click()
    expect(phone.get_by_test_id("your-request")).to_contain_text("Your place: 2")
    withdraw = phone.get_by_role("button", name="Leave the speakers' list")
    withdraw.focus()
    services.speaker_call_next(actor=chair, item=item)  # Member 1 speaks; Member 0 is next
    expect(announce).to_have_text("You are next.", timeout=PHONE)
    expect(phone.get_by_test_id("your-request")).to_contain_text("Your place: 1", timeout=PHONE)
    services.speaker_call_next(actor=chair, item=item)
    expect(announce).to_have_text("You have the floor.", timeout=PHONE)
    expect(phone.get_by_test_id("your-request")).to_have_text("You have the floor.")
    # The focused button was not replaced: the focus is still on it.
    assert phone.evaluate("document.activeElement.name") == "withdraw"
    assert phone.evaluate("document.activeElement.isConnected")
    # Leaving the room asks first, on a page of its own.
    phone.evaluate("document.activeElement.blur()")
    phone.get_by_role("link", name="I am leaving the room").click()
    expect(phone.get_by_role("heading", name="Leave the room?")).to_be_visible()
    phone.get_by_role("link", name="No, I am staying").click()
    expect(phone.get_by_role("heading", name="First weekend")).to_be_visible()
