import os

import pytest
from django.core.management import call_command

from assemblea.core.events import event_chain_verify, event_streams
from assemblea.decisions.models import Poll, Proposal, ProposalStatus
from assemblea.decisions.selectors import poll_result_view
from assemblea.decisions.verify import polls_verify


@pytest.mark.django_db
def test_the_demo_decisions_are_right_and_their_log_is_intact():
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    resolution = Proposal.objects.get(title="Resolution on safe staffing")
    assert resolution.status == ProposalStatus.ADOPTED
    assert resolution.versions.count() == 2
    election = Poll.objects.get(method="stv")
    assert poll_result_view(election).elected == ["Amara Osei", "Chen Wei", "Bruno Costa"]
    land_bank, rent_cap = Poll.objects.filter(method="support_scale").order_by("pk")
    assert land_bank.result["band"] == "strongly supported"
    assert rent_cap.result["band"] == "not supported"
    assert rent_cap.proposal.minority_reports.count() == 1
    assert Poll.objects.filter(status="open", method="approval").count() == 1
    assert all(event_chain_verify(stream).intact for stream in event_streams())
    assert polls_verify() == []
