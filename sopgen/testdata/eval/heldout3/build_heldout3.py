#!/usr/bin/env python3
"""Writes the third held-out set of evaluation recordings and their sidecars.

Every step list below was written by hand from the public pages named in SRC,
together with its expectations, before any Stepwise output existed for it.
The Rec / write helpers are those of every set (../evalrec.py), so that the
sidecar format is the same.
Run: python3 build_heldout3.py (writes NAME.json and NAME.expect.json here).
"""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from evalrec import Rec, writer  # noqa: E402

SRC = {
    "bw_recover": "https://bitwarden.com/help/recover-a-member-account/",
    "bw_about": "https://bitwarden.com/help/account-recovery/",
    "bw_member": "https://bitwarden.com/help/my-account-was-recovered/",
    "op_recovery": "https://support.1password.com/recovery/",
    "op_forum": "https://discussions.agilebits.com/discussion/86681/team-member-locked-out",
    "op_groups": "https://support.1password.com/groups/",
    "zoom_pw": "https://support.zoom.us/hc/en-us/articles/206344385-Change-a-User-s-Password",
    "zoom_users": "https://support.zoom.us/hc/en-us/articles/201363183-Managing-users",
    "fd_status": "https://wiki.syensqo.com/x/IRJZAQ",
    "fd_guide": "https://reactr.freshdesk.com/support/solutions/articles/64000055931-tickets-general-guidelines",
    "ost_roles": "https://forum.osticket.com/d/10113-relation-among-customer-staff-members-teams-groups-departmentsconcept",
    "halo_ids": "https://haloitsm.com/guides/article/?kbid=900",
    "halo_mail": "https://haloitsm.com/guides/article/?kbid=1912",
    "rt_book": "https://flylib.com/books/en/3.417.1.106/1/",
    "rt_howto": "https://www.freegeekseattle.org/wiki/RT_HowTo",
}

CORE_ERRORS = ["verification-missing", "verification-after-access", "logging-missing",
               "delivery-channel-unapproved", "exception-failed-verification-missing"]
OTHER_ERRORS = ["verification-knowledge-based", "verification-caller-supplied-contact",
                "verification-bypass", "secret-in-document"]
CORRECT_ABSENT = CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing",
                                               "credential-change-not-forced"]


write = writer(HERE, SRC, "eval-h3-", "2026-11-30T14:%02d:00Z", browser="Edge 131", timezone="Europe/Dublin")


# ---------------------------------------------------------------- common pieces
# A separate caller-verification tool ("Verify desk"): its control names are ours.
VD = "https://verifydesk.example.com/checks"


def verify_desk(r, outcome="Code matched", send_to="Mobile number on file", typed_number=False):
    r.at("Verify desk", VD, "New check - Verify desk")
    r.add("open_tab", "other", "opens")
    r.add("click", "other", "opens", "button", "New check")
    r.add("input", "intake", "sets", "searchbox", "Find person", field_kind="search")
    r.add("click", "intake", "sets", "option", "[record]")
    r.add("select", "other", "sets", "combobox", "Send code to", choice=send_to)
    if typed_number:
        r.add("input", "other", "sets", "textbox", "Mobile number", field_kind="tel", label="number")
    r.add("click", "verify", "commits", "button", "Send code", label="send")
    if outcome == "Code matched":
        r.add("input", "other", "sets", "textbox", "Code read back by caller", field_kind="number", gap=45000)
        r.add("click", "verify", "commits", "button", "Check code", label="check")
    r.at("Verify desk", VD, "Checks - Verify desk")
    r.add("mark", "verify", "commits", mark="verification", text="Verify desk result: " + outcome + ".", label="verify",
          gap=(240000 if outcome != "Code matched" else 4000))


def exc(r, text, label="exc"):
    r.add("mark", "escalate", "sets", mark="exception", text=text, label=label)


EXC_A = ("No match, no answer or the caller refuses: no recovery. Reassign the ticket to the "
         "Identity & Access group and phone its on-call lead within 30 minutes.")
EXC_B = "Check fails / expires -> stop, set ticket to Escalated, IAM queue, 30 min."


# ---------------------------------------------------------------- Freshdesk + Bitwarden
FD = "https://example.freshdesk.com/a/tickets/"
BW = "https://vault.bitwarden.com/"


def fd_open(r, n):
    r.at("Freshdesk", "https://example.freshdesk.com/a/tickets/filters/search", "Tickets - Freshdesk")
    r.add("navigate", "intake", "opens", "link", "Unresolved tickets")
    r.add("click", "intake", "opens", "link", "#" + n)
    r.at("Freshdesk", FD + n, "#" + n + " - Freshdesk")


def fd_back(r, n):
    r.at("Freshdesk", FD + n, "#" + n + " - Freshdesk")
    r.add("switch_tab", "other", "opens")


def fd_note_resolve(r, n):
    fd_back(r, n)
    r.add("click", "other", "opens", "button", "Add note")
    r.add("input", "other", "sets", "textbox", "Note", field_kind="text", gap=30000)
    r.add("click", "log", "commits", "button", "Add note", label="log")
    r.add("select", "other", "sets", "combobox", "Status", choice="Resolved")
    r.add("click", "log", "commits", "button", "Update", label="resolve")


def bw_find(r):
    r.at("Bitwarden", BW, "Members - Admin Console - Bitwarden")
    r.add("open_tab", "other", "opens")
    r.add("click", "other", "opens", "link", "Admin Console")
    r.add("click", "intake", "opens", "link", "Members")
    r.add("input", "intake", "sets", "searchbox", "Search members", field_kind="search")
    r.add("click", "intake", "opens", "row", "[record]")


def bw_recover_dialog(r):
    r.add("click", "other", "opens", "button", "Options")
    r.add("click", "other", "opens", "menuitem", "Recover account", label="menu")
    r.at("Bitwarden", BW, "Recover account - Admin Console - Bitwarden")


# 1. correct: call-back plus code to the mobile of record, typed temporary master password by SMS
r = Rec()
fd_open(r, "4711")
r.add("note", "intake", "sets", text="Member forgot the Bitwarden master password over the long weekend. "
      "They are enrolled in account recovery (key icon in the Policies column), so no data should be lost.")
r.add("note", "verify", "commits", text="Rang the member back on the mobile number held in the HR system, not the "
      "number the ticket came from, and had them read back a one-time code I texted to that same number. "
      "Code was correct.", label="verify", gap=120000)
exc(r, EXC_A)
bw_find(r)
bw_recover_dialog(r)
r.add("check", "other", "sets", "checkbox", "Reset master password")
r.add("input", "other", "sets", "textbox", "New password", field_kind="password")
r.add("click", "other", "sets", "button", "Copy")
r.add("click", "access", "commits", "button", "Save", label="access")
r.add("note", "deliver", "commits", text="The temporary master password went to the member by SMS, to the mobile "
      "number of record; Bitwarden makes them choose a new master password at first login and signed out their "
      "other sessions.", label="deliver")
r.add("note", "confirm", "commits", text="Member logged in with it, set a new master password and could open "
      "the vault.", label="confirm", gap=360000)
fd_note_resolve(r, "4711")
write("bw-recover-sms-correct", "Bitwarden account recovery after a call-back with an SMS code",
      "eval-h3-bw-recover-sms-correct", r,
      "Bitwarden Admin Console (ticket in Freshdesk)", "correct",
      ["bw_recover", "bw_about", "bw_member", "fd_status"], [], CORRECT_ABSENT)

# 2. faulty: two-step login removed with no verification at all, terse notes
r = Rec()
fd_open(r, "4730")
r.add("note", "intake", "sets", text="usr new phone, authenticator app gone, cant get into BW.")
bw_find(r)
bw_recover_dialog(r)
r.add("check", "other", "sets", "checkbox", "Reset two-step login")
r.add("click", "access", "commits", "button", "Save", label="access")
r.add("note", "confirm", "commits", text="usr re-enrolled 2FA, in ok.", label="confirm", gap=400000)
fd_note_resolve(r, "4730")
write("bw-2fa-no-verify-faulty", "Bitwarden: two-step login reset with no identity check",
      "eval-h3-bw-2fa-no-verify", r,
      "Bitwarden Admin Console (ticket in Freshdesk)",
      "faulty: MFA (two-step login) removed with no verification at all",
      ["bw_recover", "bw_about", "fd_status"],
      [("verification-missing", "access", "the member's two-step login is removed with no verification before it")],
      ["verification-after-access", "logging-missing", "delivery-channel-unapproved", "secret-in-document",
       "verification-knowledge-based", "verification-caller-supplied-contact"])

# 3. faulty: proper check, but the temporary master password is pasted into the public Freshdesk reply
r = Rec()
fd_open(r, "4752")
r.add("select", "other", "sets", "combobox", "Status", choice="Pending")
r.add("click", "log", "commits", "button", "Update")
verify_desk(r)
exc(r, EXC_B)
bw_find(r)
bw_recover_dialog(r)
r.add("check", "other", "sets", "checkbox", "Reset master password")
r.add("input", "other", "sets", "textbox", "New password", field_kind="password")
r.add("click", "other", "sets", "button", "Copy", label="copy")
r.add("click", "access", "commits", "button", "Save", label="access")
fd_back(r, "4752")
r.add("click", "other", "opens", "button", "Reply")
r.add("paste", "other", "sets", "textbox", "Reply", label="paste")
r.add("click", "deliver", "commits", "button", "Send", label="deliver")
r.add("select", "other", "sets", "combobox", "Status", choice="Resolved")
r.add("click", "log", "commits", "button", "Update", label="resolve")
write("bw-password-in-reply-faulty", "Bitwarden recovery, temporary master password pasted into the requester reply",
      "eval-h3-bw-password-in-reply", r,
      "Bitwarden Admin Console (ticket in Freshdesk, verification in a separate verification tool)",
      "faulty: the temporary master password is e-mailed in the public reply and kept in the ticket; no sign-in check",
      ["bw_recover", "bw_member", "fd_status", "fd_guide"],
      [("delivery-channel-unapproved", "deliver", "the reply is e-mailed to the requester with the secret in it"),
       ("secret-in-document", "paste", "the password is pasted into the ticket conversation, where it stays"),
       ("confirmation-missing", None, "nobody checks that the member can sign in")],
      ["verification-missing", "verification-after-access", "logging-missing",
       "exception-failed-verification-missing", "verification-knowledge-based",
       "verification-caller-supplied-contact"])

# 4. faulty: recorded entirely in the consoles (marks only), two-step login reset, nothing written to the ticket
r = Rec()
fd_open(r, "4768")
verify_desk(r)
exc(r, EXC_B)
bw_find(r)
bw_recover_dialog(r)
r.add("check", "other", "sets", "checkbox", "Reset two-step login")
r.add("click", "access", "commits", "button", "Save", label="access")
r.add("close_tab", "other", "opens")
fd_back(r, "4768")
r.add("close_tab", "other", "opens")
write("bw-2fa-no-ticket-record-faulty", "Bitwarden two-step login reset after a code check, ticket left untouched",
      "eval-h3-bw-2fa-no-ticket-record", r,
      "Bitwarden Admin Console (ticket in Freshdesk, verification in a separate verification tool)",
      "faulty: no logging — nothing is written to the ticket and it is not resolved; no sign-in check",
      ["bw_recover", "bw_about", "fd_status"],
      [("logging-missing", "access", "no step after the reset records it on the ticket or anywhere else"),
       ("confirmation-missing", None, "nobody checks that the member can sign in")],
      ["verification-missing", "verification-after-access", "delivery-channel-unapproved",
       "exception-failed-verification-missing", "verification-knowledge-based",
       "verification-caller-supplied-contact", "secret-in-document"])

# 5. correct: two-step login reset after a code check, console-style (marks only), ticket note and resolve
r = Rec()
fd_open(r, "4790")
verify_desk(r)
exc(r, EXC_B)
bw_find(r)
bw_recover_dialog(r)
r.add("check", "other", "sets", "checkbox", "Reset two-step login")
r.add("click", "access", "commits", "button", "Save", label="access")
r.add("mark", "confirm", "commits", mark="confirmation",
      text="Member set up a new authenticator from the recovery e-mail and reached the vault.", label="confirm",
      gap=420000)
fd_note_resolve(r, "4790")
write("bw-2fa-code-correct", "Bitwarden two-step login reset after a code to the mobile on file",
      "eval-h3-bw-2fa-code-correct", r,
      "Bitwarden Admin Console (ticket in Freshdesk, verification in a separate verification tool)", "correct",
      ["bw_recover", "bw_about", "bw_member", "fd_status"], [], CORRECT_ABSENT)


# ---------------------------------------------------------------- osTicket + 1Password
OST = "https://help.example.org/scp/tickets.php"
OP = "https://example.1password.com/people"


def ost_open(r, n):
    r.at("osTicket", OST, "Open Tickets :: Staff Control Panel")
    r.add("navigate", "intake", "opens", "link", "My Tickets")
    r.add("click", "intake", "opens", "link", n)
    r.at("osTicket", OST, "Ticket #" + n + " :: Staff Control Panel")


def ost_note_close(r, n):
    r.at("osTicket", OST, "Ticket #" + n + " :: Staff Control Panel")
    r.add("switch_tab", "other", "opens")
    r.add("click", "other", "opens", "tab", "Post Internal Note")
    r.add("input", "other", "sets", "textbox", "Internal Note", field_kind="text", gap=25000)
    r.add("select", "other", "sets", "combobox", "Ticket Status", choice="Closed")
    r.add("click", "log", "commits", "button", "Post Note", label="log")


def op_find(r):
    r.at("1Password", OP, "People - 1Password")
    r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "link", "People")
    r.add("input", "intake", "sets", "searchbox", "Search people", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("1Password", OP + "/[record]", "[record] - People - 1Password")


def op_begin(r):
    r.add("click", "other", "opens", "button", "Begin Recovery", label="menu")
    r.add("click", "access", "commits", "button", "Begin Recovery", label="access")


def op_complete(r):
    r.at("1Password", "https://example.1password.com/recovery", "Complete account recovery - 1Password")
    r.add("navigate", "other", "opens", "link", "Complete account recovery", gap=600000)
    r.add("click", "access", "commits", "button", "Complete Recovery", label="complete")


# 6. correct: call-back to the directory extension, recovery e-mail from 1Password, completion, note + Closed
r = Rec()
ost_open(r, "284113")
op_find(r)
r.add("click", "other", "opens", "button", "Begin Recovery", label="early")
r.add("click", "other", "opens", "button", "Cancel")
r.add("note", "verify", "commits", text="Phoned the member back on the desk extension listed for them in the "
      "staff directory, rather than the mobile they had called from. They answered and confirmed that they had "
      "asked for their 1Password account to be recovered.", label="verify", gap=150000)
exc(r, EXC_A)
op_begin(r)
r.add("note", "deliver", "commits", text="1Password sent its recovery e-mail to the member's work address on "
      "record; the member makes a new account password and gets a new Secret Key from it.", label="deliver")
op_complete(r)
r.add("note", "confirm", "commits", text="Member confirmed on the call that 1Password unlocked on the laptop.",
      label="confirm", gap=120000)
ost_note_close(r, "284113")
write("op-recovery-callback-correct", "1Password Business: recover a member after a call-back",
      "eval-h3-op-recovery-callback-correct", r,
      "1Password Business admin (ticket in osTicket)", "correct",
      ["op_recovery", "op_forum", "op_groups", "ost_roles"], [], CORRECT_ABSENT)

# 7. faulty: knowledge-based check only, terse abbreviations, no failure path
r = Rec()
ost_open(r, "284190")
r.add("note", "verify", "commits", text="ID chk: DOB, emp no. + line mgr name, all match HRIS.", label="verify",
      gap=60000)
op_find(r)
op_begin(r)
op_complete(r)
r.add("note", "confirm", "commits", text="usr back in.", label="confirm", gap=90000)
ost_note_close(r, "284190")
write("op-kba-terse-faulty", "1Password recovery after date of birth, employee number and manager name",
      "eval-h3-op-kba-terse", r,
      "1Password Business admin (ticket in osTicket)",
      "faulty: knowledge-based check only (date of birth, employee number, manager's name); no path for a failed check",
      ["op_recovery", "op_forum", "ost_roles"],
      [("verification-knowledge-based", "verify", "date of birth, employee number and manager's name are facts others know or can look up"),
       ("exception-failed-verification-missing", None, "nothing says what happens when the answers do not match")],
      ["verification-missing", "verification-after-access", "logging-missing", "delivery-channel-unapproved",
       "verification-caller-supplied-contact", "secret-in-document"])

# 8. faulty: code sent to a number the caller gave during the call
r = Rec()
ost_open(r, "284233")
r.add("note", "intake", "sets", text="Caller says their work mobile was stolen last week and gave a new "
      "number to use instead.")
verify_desk(r, send_to="Another number", typed_number=True)
exc(r, EXC_B)
op_find(r)
op_begin(r)
op_complete(r)
r.add("note", "confirm", "commits", text="Caller was able to unlock 1Password afterwards.", label="confirm",
      gap=90000)
ost_note_close(r, "284233")
write("op-caller-number-faulty", "1Password recovery after a code sent to a number the caller supplied",
      "eval-h3-op-caller-number", r,
      "1Password Business admin (ticket in osTicket, verification in a separate verification tool)",
      "faulty: the verification code goes to a phone number the caller gave during the contact",
      ["op_recovery", "op_forum", "ost_roles"],
      [("verification-caller-supplied-contact", "send", "the code is sent to a number typed in from the call, not one of record")],
      ["verification-missing", "verification-after-access", "logging-missing", "delivery-channel-unapproved",
       "verification-knowledge-based", "secret-in-document"])


# ---------------------------------------------------------------- HaloITSM + Zoom
HALO = "https://example.haloitsm.com/tickets"
ZOOM = "https://zoom.us/account/user"


def halo_open(r, n):
    r.at("HaloITSM", HALO, "Tickets - HaloITSM")
    r.add("navigate", "intake", "opens", "link", "My Tickets")
    r.add("click", "intake", "opens", "link", n)
    r.at("HaloITSM", HALO, "Ticket " + n + " - HaloITSM")


def halo_note_resolve(r, n, switch=True):
    r.at("HaloITSM", HALO, "Ticket " + n + " - HaloITSM")
    if switch:
        r.add("switch_tab", "other", "opens")
    r.add("click", "other", "opens", "button", "Private Note")
    r.add("input", "other", "sets", "textbox", "Note", field_kind="text", gap=30000)
    r.add("click", "log", "commits", "button", "Save", label="log")
    r.add("click", "other", "opens", "button", "Resolve")
    r.add("select", "other", "sets", "combobox", "Status", choice="Resolved")
    r.add("click", "log", "commits", "button", "Save", label="resolve")


def zoom_users(r):
    r.at("Zoom", ZOOM, "Users - User Management - Zoom")
    r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "link", "User Management")
    r.add("click", "intake", "opens", "link", "Users")
    r.add("input", "intake", "sets", "searchbox", "Search", field_kind="search")


def zoom_profile(r):
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("Zoom", ZOOM + "/[record]/profile", "[record] - User Management - Zoom")


def zoom_change_pw(r):
    r.add("click", "other", "opens", "button", "Edit", label="menu")
    r.add("input", "other", "sets", "textbox", "New password", field_kind="password")
    r.add("input", "other", "sets", "textbox", "Confirm password", field_kind="password")
    r.add("click", "other", "opens", "button", "Save Changes")
    r.add("click", "access", "commits", "button", "OK", label="access")


# 9. correct: console-only (marks), code check, Edit opened and cancelled before it, unlock, self-service reset
r = Rec()
halo_open(r, "4417")
zoom_users(r)
zoom_profile(r)
r.add("click", "other", "opens", "button", "Edit", label="early")
r.add("click", "other", "opens", "button", "Cancel")
verify_desk(r)
exc(r, EXC_B)
r.at("Zoom", ZOOM, "Users - User Management - Zoom")
r.add("switch_tab", "other", "opens")
r.add("click", "other", "opens", "link", "Users")
r.add("click", "access", "commits", "button", "Unlock", label="access")
r.add("mark", "confirm", "commits", mark="confirmation",
      text="User reset their own password from the Zoom sign-in page and joined a test meeting.", label="confirm",
      gap=300000)
halo_note_resolve(r, "4417")
write("zoom-unlock-code-correct", "Zoom: unlock after a code check, user resets their own password",
      "eval-h3-zoom-unlock-code-correct", r,
      "Zoom web portal admin (ticket in HaloITSM, verification in a separate verification tool)", "correct",
      ["zoom_pw", "zoom_users", "halo_ids"], [], CORRECT_ABSENT)

# 10. faulty: verification timed out, seniority and an assistant vouching, typed password read aloud
r = Rec()
halo_open(r, "4430")
verify_desk(r, outcome="No response, check expired")
r.add("note", "other", "sets", text="Caller is the SVP Sales and boards a flight in 15 min; her EA vouched for "
      "her on Teams so I carried on.", label="bypass")
zoom_users(r)
zoom_profile(r)
zoom_change_pw(r)
r.add("note", "deliver", "commits", text="New pw read out to her over the phone.", label="deliver")
halo_note_resolve(r, "4430")
write("zoom-timed-out-vip-faulty", "Zoom password changed for a senior caller after the check expired",
      "eval-h3-zoom-timed-out-vip", r,
      "Zoom web portal admin (ticket in HaloITSM, verification in a separate verification tool)",
      "faulty: verification timed out and the change went ahead on seniority and an assistant vouching; "
      "password read aloud; no change forced at next sign-in",
      ["zoom_pw", "zoom_users", "halo_ids"],
      [("verification-bypass", "bypass", "urgency, seniority and a third party vouching replace a check that expired"),
       ("exception-failed-verification-missing", None, "the expired check is not routed anywhere"),
       ("delivery-channel-unapproved", "deliver", "the secret is read aloud to a caller who was not verified"),
       ("credential-change-not-forced", "access", "an admin-typed password that the user is never made to change"),
       ("confirmation-missing", None, "nobody checks that the user can sign in")],
      ["verification-after-access", "logging-missing", "verification-knowledge-based",
       "verification-caller-supplied-contact", "secret-in-document"])

# 11. faulty: unlocked first, call-back afterwards
r = Rec()
halo_open(r, "4446")
zoom_users(r)
r.add("click", "access", "commits", "button", "Unlock", label="access")
r.add("note", "verify", "commits", text="Afterwards rang the mobile in the HR record to make sure it was "
      "really them - it was.", label="verify", gap=90000)
exc(r, EXC_A)
r.add("note", "confirm", "commits", text="User got in after using Forgot password.", label="confirm",
      gap=200000)
halo_note_resolve(r, "4446")
write("zoom-unlock-before-verify-faulty", "Zoom unlock done before the call-back",
      "eval-h3-zoom-unlock-before-verify", r,
      "Zoom web portal admin (ticket in HaloITSM)",
      "faulty: account unlocked before verification — the call-back comes after it",
      ["zoom_pw", "halo_ids"],
      [("verification-after-access", "access", "the only verification (call-back) comes after the unlock")],
      ["logging-missing", "delivery-channel-unapproved", "credential-change-not-forced",
       "verification-knowledge-based", "verification-caller-supplied-contact", "secret-in-document"])

# 12. faulty (subtle): everything right except that Zoom cannot force a change of an admin-set password
r = Rec()
halo_open(r, "4462")
r.add("click", "other", "opens", "button", "Email User")
r.add("click", "other", "opens", "button", "Close")
r.add("note", "verify", "commits", text="Called back on the mobile number in the HR record; the user answered, "
      "confirmed the request and read back the one-time code I texted to that number.", label="verify",
      gap=120000)
exc(r, EXC_A)
zoom_users(r)
zoom_profile(r)
zoom_change_pw(r)
r.add("note", "deliver", "commits", text="Temp password was sent via SMS to the same number; asked them to "
      "change it under Profile once signed in.", label="deliver")
r.add("note", "confirm", "commits", text="Caller signed in to the Zoom app with it.", label="confirm",
      gap=180000)
halo_note_resolve(r, "4462")
write("zoom-typed-password-not-forced-faulty", "Zoom password set by the agent after a call-back, change only requested",
      "eval-h3-zoom-typed-password-not-forced", r,
      "Zoom web portal admin (ticket in HaloITSM)",
      "faulty: the agent-set password stays valid — the user is only asked, not forced, to change it",
      ["zoom_pw", "halo_ids", "halo_mail"],
      [("credential-change-not-forced", "access", "the temporary secret is neither single-use nor changed at next sign-in")],
      ["verification-missing", "verification-after-access", "logging-missing", "delivery-channel-unapproved",
       "exception-failed-verification-missing", "verification-knowledge-based",
       "verification-caller-supplied-contact", "verification-bypass", "secret-in-document",
       "confirmation-missing"])


# ---------------------------------------------------------------- Request Tracker (with Zoom and Bitwarden)
RT = "https://rt.example.org/Ticket/"


def rt_open(r, n, subject):
    r.at("Request Tracker", "https://rt.example.org/", "RT at a glance")
    r.add("navigate", "intake", "opens", "link", "10 highest priority tickets I own")
    r.add("click", "intake", "opens", "link", n)
    r.at("Request Tracker", RT + "Display.html", "#" + n + ": " + subject)
    r.add("click", "intake", "commits", "link", "Take")


def rt_comment_resolve(r, n):
    r.at("Request Tracker", RT + "Display.html", "#" + n)
    r.add("switch_tab", "other", "opens")
    r.add("click", "other", "opens", "link", "Comment")
    r.at("Request Tracker", RT + "Update.html", "Update ticket #" + n)
    r.add("input", "other", "sets", "textbox", "Message", field_kind="text", gap=30000)
    r.add("select", "other", "sets", "combobox", "Status", choice="resolved")
    r.add("click", "log", "commits", "button", "Update Ticket", label="log")


# 13. correct: terse, abbreviated but complete notes; unlock only
r = Rec()
rt_open(r, "53127", "Zoom says account locked")
r.add("note", "verify", "commits", text="cb to mob in HR rec, usr confirmed req + read back SMS OTP sent to same no. OK.",
      label="verify", gap=100000)
exc(r, EXC_B)
zoom_users(r)
r.add("click", "other", "opens", "tab", "Pending")
r.add("click", "other", "opens", "tab", "Users")
r.add("click", "access", "commits", "button", "Unlock", label="access")
r.add("note", "confirm", "commits", text="usr did forgot-pw self-service, signed in fine.", label="confirm", gap=240000)
rt_comment_resolve(r, "53127")
write("zoom-unlock-rt-correct", "Zoom unlock after call-back and SMS code, ticket in Request Tracker",
      "eval-h3-zoom-unlock-rt-correct", r,
      "Zoom web portal admin (ticket in Request Tracker)", "correct",
      ["zoom_pw", "zoom_users", "rt_book", "rt_howto"], [], CORRECT_ABSENT)

# 14. faulty: verification claimed with no method and no evidence
r = Rec()
rt_open(r, "53160", "Forgot vault master password")
r.add("note", "verify", "commits", text="Identity verified.", label="verify", gap=60000)
exc(r, EXC_A)
bw_find(r)
bw_recover_dialog(r)
r.add("check", "other", "sets", "checkbox", "Reset master password")
r.add("input", "other", "sets", "textbox", "New password", field_kind="password")
r.add("click", "other", "sets", "button", "Copy")
r.add("click", "access", "commits", "button", "Save", label="access")
r.add("note", "deliver", "commits", text="Temporary master password texted to the member's mobile of record; "
      "Bitwarden forces a new one at first login.", label="deliver")
r.add("note", "confirm", "commits", text="Member confirmed they could log in and set their own master password.",
      label="confirm", gap=300000)
rt_comment_resolve(r, "53160")
write("bw-vague-verify-rt-faulty", "Bitwarden recovery where the check is only 'Identity verified.'",
      "eval-h3-bw-vague-verify-rt", r,
      "Bitwarden Admin Console (ticket in Request Tracker)",
      "faulty: verification claimed with no named method and no evidence",
      ["bw_recover", "bw_member", "rt_book", "rt_howto"],
      [("verification-vague", "verify", "'Identity verified' names no method and records no evidence")],
      ["verification-after-access", "logging-missing", "delivery-channel-unapproved",
       "exception-failed-verification-missing", "verification-knowledge-based",
       "verification-caller-supplied-contact", "verification-bypass", "secret-in-document",
       "confirmation-missing", "credential-change-not-forced"])

print("ok")
