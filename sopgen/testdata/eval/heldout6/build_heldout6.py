#!/usr/bin/env python3
"""Writes the sixth held-out set of evaluation recordings and their
expectation sidecars (Moodle, Gitea, Grafana, Nextcloud, Jenkins; tickets in
Spiceworks, GitHub issues, SysAid and Kayako).

Every step list and every expectation below was written by hand from the
public pages named in SRC, before any Stepwise output existed for them.
Run: python3 build_heldout6.py (writes NAME.json and NAME.expect.json next
to this file).
"""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from evalrec import Rec, writer  # noqa: E402

SRC = {
    "moodle_reset": "https://dualcode.atlassian.net/wiki/spaces/Healthcare/pages/34845474",
    "moodle_reset2": "http://www.solutiongrove.com/docwiki/moodle_and_elgg_resetting_passwords",
    "moodle_edit": "https://subscription.packtpub.com/book/web_development/9781784395476/2/ch02lvl1sec14/editing-a-user",
    "moodle_mfa": "https://docs.moodle.org/403/en/Multi-factor_authentication",
    "gitea_cli": "https://man.archlinux.org/man/gt-admin-user-edit.1.en",
    "gitea_must_change": "https://github.com/go-gitea/gitea/pull/22823",
    "gitea_issue": "https://www.github.com/go-gitea/gitea/issues/4340",
    "grafana_admin": "https://grafana.com/docs/grafana/next/administration/user-management/server-user-management/assign-remove-server-admin-privileges",
    "grafana_org": "https://grafana.com/docs/grafana/next/administration/user-management/server-user-management/add-remove-user-to-org",
    "grafana_users": "https://grafana.com/docs/grafana/v8.5/administration/manage-users-and-permissions/manage-server-users",
    "nextcloud_users": "https://github.qingwei-s.workers.dev/nextcloud/documentation/pull/13790/files",
    "nextcloud_welcome": "https://github.com/nextcloud/server/issues/60170",
    "nextcloud_managed": "https://www.ionos.co.uk/help/server-cloud-infrastructure/accordions-to-managed-nextcloud/managing-users-in-managed-nextcloud/",
    "jenkins_matrix": "https://plugins.jenkins.io/matrix-auth",
    "jenkins_matrix2": "https://docs.mirantis.com/mcp/q4-18/mcp-operations-guide/drive-train-operations/jenkins-auth-matrix.html",
}

CORE_ERRORS = ["verification-missing", "verification-after-access", "logging-missing",
               "delivery-channel-unapproved", "exception-failed-verification-missing"]
OTHER_ERRORS = ["verification-knowledge-based", "verification-caller-supplied-contact",
                "verification-bypass", "secret-in-document"]
CLEAN = CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing",
                                      "credential-change-not-forced"]

write = writer(HERE, SRC, "ho6-", "2026-12-01T14:%02d:00Z", timezone="Europe/Dublin")

# ---------------------------------------------------------------- Spiceworks + Moodle
SPW = "https://on.spiceworks.com/tickets/"
MOODLE = "https://learn.example.org/admin/user.php"


def spw_open(r, n):
    r.at("Spiceworks Help Desk", "https://on.spiceworks.com/tickets/open", "Open Tickets - Spiceworks Help Desk")
    r.add("navigate", "intake", "opens", "link", "Open Tickets")
    r.add("click", "intake", "opens", "link", "#" + n)
    r.at("Spiceworks Help Desk", SPW + n, "Ticket #" + n + " - Spiceworks Help Desk")
    r.add("select", "intake", "sets", "combobox", "Assignee", choice="Me")


def spw_internal_close(r, n):
    r.at("Spiceworks Help Desk", SPW + n, "Ticket #" + n + " - Spiceworks Help Desk")
    r.add("switch_tab", "other", "opens")
    r.add("click", "other", "opens", "tab", "Internal Note")
    r.add("input", "other", "sets", "textbox", "Internal Note", field_kind="text", gap=35000)
    r.add("click", "log", "commits", "button", "Add Note", label="log")
    r.add("select", "other", "sets", "combobox", "Status", choice="Closed")
    r.add("click", "log", "commits", "button", "Close Ticket", label="close")


def moodle_find(r, tab=True):
    r.at("Moodle", MOODLE, "Browse list of users | Site administration | Moodle")
    if tab:
        r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "link", "Site administration")
    r.add("click", "intake", "opens", "tab", "Users")
    r.add("click", "intake", "opens", "link", "Browse list of users")
    r.add("input", "intake", "sets", "searchbox", "User full name", field_kind="search")
    r.add("click", "intake", "opens", "button", "Add filter")


def moodle_edit(r, force=True):
    r.add("click", "other", "opens", "link", "Edit", label="edit")
    r.at("Moodle", "https://learn.example.org/user/editadvanced.php", "[record]: Edit profile | Moodle")
    r.add("input", "other", "sets", "textbox", "New password", field_kind="password")
    if force:
        r.add("check", "other", "sets", "checkbox", "Force password change")
    r.add("click", "access", "commits", "button", "Update profile", label="access")


EXC = ("Verification failed, refused or no answer: no change on the account; ticket goes to the "
       "Identity team queue with the reason, same day.")

# 1. correct
r = Rec()
spw_open(r, "2214")
r.add("note", "intake", "sets", text="Lecturer locked out of Moodle after three wrong passwords, asked for a reset by phone.")
moodle_find(r)
r.add("click", "other", "opens", "link", "Edit", label="early_edit")
r.add("click", "other", "opens", "button", "Cancel")
r.add("note", "verify", "commits", text="Rang back on the mobile listed in the staff directory, not the number shown on the call; "
      "texted a one-time code to that mobile. Code read back by caller, matches.", label="verify", gap=95000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC, label="exc")
moodle_edit(r)
r.add("note", "deliver", "commits", text="Temp password was sent via SMS to the directory mobile.", label="deliver")
r.add("note", "confirm", "commits", text="Lecturer back in; Moodle asked for a new password at first login.", label="confirm", gap=210000)
spw_internal_close(r, "2214")
write("moodle-callback-code-correct", "Moodle password reset after a call-back and SMS code, change forced",
      "ho6-moodle-callback-code-correct", r,
      "Moodle site administration (ticket in Spiceworks Help Desk)", "correct",
      ["moodle_reset", "moodle_reset2", "moodle_edit"], [], CLEAN)

# 2. KBA only, no forced change
r = Rec()
spw_open(r, "2231")
moodle_find(r)
r.add("note", "verify", "commits", text="Caller identified by date of birth and manager name, both match the HR record.",
      label="verify", gap=70000)
moodle_edit(r, force=False)
r.add("note", "deliver", "commits", text="New password texted to the mobile of record.", label="deliver")
r.add("note", "confirm", "commits", text="Student says login works.", label="confirm", gap=120000)
spw_internal_close(r, "2231")
write("moodle-kba-no-force-faulty", "Moodle reset on date of birth and manager's name, no forced change",
      "ho6-moodle-kba-no-force", r,
      "Moodle site administration (ticket in Spiceworks Help Desk)",
      "faulty: knowledge-based check only (date of birth, manager's name), 'Force password change' left unticked",
      ["moodle_reset", "moodle_edit"],
      [("verification-knowledge-based", "verify", "date of birth and a manager's name are facts an impostor can find"),
       ("credential-change-not-forced", "access", "the password set by the agent is not forced to change at next login"),
       ("exception-failed-verification-missing", None, "nothing says what happens when the check fails")],
      ["verification-missing", "verification-after-access", "logging-missing", "delivery-channel-unapproved",
       "secret-in-document", "confirmation-missing"])

# 3. password pasted into the public response
r = Rec()
spw_open(r, "2240")
moodle_find(r)
r.add("note", "verify", "commits", text="Called the user back on the desk extension in the directory; they confirmed raising #2240.",
      label="verify", gap=80000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC)
r.add("click", "other", "opens", "link", "Edit", label="edit")
r.at("Moodle", "https://learn.example.org/user/editadvanced.php", "[record]: Edit profile | Moodle")
r.add("click", "other", "opens", "link", "Show more...")
r.add("input", "other", "sets", "textbox", "New password", field_kind="password")
r.add("copy", "other", "sets", "textbox", "New password")
r.add("check", "other", "sets", "checkbox", "Force password change")
r.add("click", "access", "commits", "button", "Update profile", label="access")
r.at("Spiceworks Help Desk", SPW + "2240", "Ticket #2240 - Spiceworks Help Desk")
r.add("switch_tab", "other", "opens")
r.add("click", "other", "opens", "tab", "Public Response")
r.add("paste", "other", "sets", "textbox", "Public Response", label="paste")
r.add("click", "deliver", "commits", "button", "Send Response", label="deliver")
r.add("select", "other", "sets", "combobox", "Status", choice="Closed")
r.add("click", "log", "commits", "button", "Close Ticket")
write("moodle-password-in-response-faulty", "Moodle reset, new password pasted into the ticket's public response",
      "ho6-moodle-password-in-response", r,
      "Moodle site administration (ticket in Spiceworks Help Desk)",
      "faulty: the new password is pasted into a public ticket response (e-mailed to the requester and kept in the ticket)",
      ["moodle_reset", "moodle_edit"],
      [("delivery-channel-unapproved", "deliver", "a public response goes out by e-mail with the password in it"),
       ("secret-in-document", "paste", "the password is pasted into the ticket, where it stays"),
       ("confirmation-missing", None, "nobody checks that the user can log in")],
      ["verification-missing", "verification-after-access", "exception-failed-verification-missing",
       "verification-knowledge-based", "credential-change-not-forced"])

# 4. MFA factor reset with no verification
r = Rec()
spw_open(r, "2252")
r.add("note", "other", "sets", text="User emailed from a personal address: new phone, authenticator app gone, exam marking due today.", label="ctx")
r.at("Moodle", "https://learn.example.org/admin/tool/mfa/reset_factor.php", "Reset user factor | Site administration | Moodle")
r.add("open_tab", "other", "opens")
r.add("click", "other", "opens", "link", "Site administration")
r.add("click", "other", "opens", "tab", "Plugins")
r.add("click", "other", "opens", "link", "Multi-factor authentication")
r.add("click", "other", "opens", "link", "Reset factor")
r.add("select", "other", "sets", "combobox", "Factor", choice="Authenticator app")
r.add("input", "intake", "sets", "searchbox", "Users", field_kind="search")
r.add("click", "intake", "sets", "option", "[record]")
r.add("click", "access", "commits", "button", "Reset factor", label="access")
r.add("note", "confirm", "commits", text="User set up the app again on the new phone and got in.", label="confirm", gap=300000)
spw_internal_close(r, "2252")
write("moodle-mfa-reset-no-verification-faulty", "Moodle authenticator factor reset on an e-mail from a personal address, no check",
      "ho6-moodle-mfa-reset-no-verification", r,
      "Moodle site administration, multi-factor authentication (ticket in Spiceworks Help Desk)",
      "faulty: the authenticator-app factor is removed with no verification at all",
      ["moodle_mfa"],
      [("verification-missing", "access", "the MFA factor is reset without any identity check before it")],
      ["verification-after-access", "logging-missing", "delivery-channel-unapproved", "secret-in-document"])

# ---------------------------------------------------------------- GitHub issue + Gitea
GH = "https://github.com/example-org/it-help/issues/"
GITEA = "https://git.example.org/-/admin/users"


def gh_open(r, n):
    r.at("GitHub", "https://github.com/example-org/it-help/issues", "Issues · example-org/it-help · GitHub")
    r.add("navigate", "intake", "opens", "link", "Issues")
    r.add("input", "intake", "sets", "searchbox", "Search all issues", field_kind="search")
    r.add("click", "intake", "opens", "link", "Gitea account locked out #" + n)
    r.at("GitHub", GH + n, "Gitea account locked out · Issue #" + n + " · example-org/it-help")
    r.add("click", "intake", "opens", "button", "Assignees")
    r.add("click", "intake", "sets", "option", "Assign yourself")


def gh_comment_close(r, n):
    r.at("GitHub", GH + n, "Gitea account locked out · Issue #" + n + " · example-org/it-help")
    r.add("switch_tab", "other", "opens")
    r.add("input", "other", "sets", "textbox", "Add a comment", field_kind="text", gap=40000)
    r.add("click", "log", "commits", "button", "Close with comment", label="log")


def gitea_find(r):
    r.at("Gitea", GITEA, "User Accounts - Site Administration - Gitea")
    r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "link", "Site Administration")
    r.add("click", "intake", "opens", "link", "User Accounts")
    r.add("input", "intake", "sets", "searchbox", "Search...", field_kind="search")
    r.add("click", "intake", "opens", "button", "Search")


def gitea_reset(r, force=True):
    r.add("click", "other", "opens", "link", "Edit", label="edit")
    r.at("Gitea", GITEA + "/edit", "Edit User Account - Site Administration - Gitea")
    r.add("input", "other", "sets", "textbox", "Password", field_kind="password")
    if force:
        r.add("check", "other", "sets", "checkbox", "Require user to change password")
    r.add("click", "access", "commits", "button", "Update User Account", label="access")


# 5. correct
r = Rec()
gh_open(r, "318")
gitea_find(r)
r.add("click", "other", "opens", "link", "Edit", label="early_edit")
r.add("click", "other", "opens", "link", "User Accounts")
r.add("mark", "verify", "commits", mark="verification",
      text="One-time code texted to the mobile on the HR record; requester typed it back on the call. Match.", label="verify", gap=85000)
r.add("mark", "escalate", "sets", mark="exception",
      text="No match, no answer or code expired: leave the account alone, label the issue needs-identity and hand it to the IAM on-call within the hour.",
      label="exc")
gitea_reset(r)
r.add("note", "deliver", "commits", text="Temporary password went out by SMS to the HR mobile; Gitea will demand a new one at sign-in.", label="deliver")
r.add("note", "confirm", "commits", text="Requester pushed to their repo after setting a new password.", label="confirm", gap=260000)
gh_comment_close(r, "318")
write("gitea-sms-code-correct", "Gitea password reset after an SMS code, user must change it at sign-in",
      "ho6-gitea-sms-code-correct", r,
      "Gitea site administration (ticket as a GitHub issue)", "correct",
      ["gitea_cli", "gitea_must_change", "gitea_issue"], [], CLEAN)

# 6. reset before verification
r = Rec()
gh_open(r, "325")
gitea_find(r)
gitea_reset(r)
r.add("note", "deliver", "commits", text="Sent the temporary password by SMS to the HR mobile.", label="deliver")
r.add("mark", "verify", "commits", mark="verification",
      text="After that, texted a one-time code to the same mobile; read back correctly.", label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception",
      text="No match, no answer or code expired: leave the account alone, label the issue needs-identity and hand it to the IAM on-call within the hour.")
r.add("note", "confirm", "commits", text="User could sign in and was asked to pick a new password.", label="confirm", gap=150000)
gh_comment_close(r, "325")
write("gitea-reset-before-verify-faulty", "Gitea password reset first, SMS code check afterwards",
      "ho6-gitea-reset-before-verify", r,
      "Gitea site administration (ticket as a GitHub issue)",
      "faulty: reset and delivery before the verification",
      ["gitea_cli", "gitea_must_change"],
      [("verification-after-access", "access", "the only verification comes after the password was changed and sent")],
      ["logging-missing", "delivery-channel-unapproved", "credential-change-not-forced",
       "verification-knowledge-based", "secret-in-document", "confirmation-missing"])

# 7. read aloud, no forced change, pressure from a senior
r = Rec()
gh_open(r, "331")
r.add("note", "other", "sets", text="Release manager on the phone, says prod deploy is blocked; CTO pinged the desk to just get it done.",
      label="bypass")
gitea_find(r)
gitea_reset(r, force=False)
r.add("note", "deliver", "commits", text="Password given to the caller over the phone.", label="deliver")
r.add("note", "confirm", "commits", text="Caller got in straight away.", label="confirm", gap=60000)
gh_comment_close(r, "331")
write("gitea-urgent-read-aloud-faulty", "Gitea reset under pressure, password spoken over the phone, no change required",
      "ho6-gitea-urgent-read-aloud", r,
      "Gitea site administration (ticket as a GitHub issue)",
      "faulty: no verification (urgency and a senior's say-so), password read aloud, 'Require user to change password' not ticked",
      ["gitea_cli", "gitea_must_change"],
      [("verification-missing", "access", "nothing verifies the caller before the reset"),
       ("verification-bypass", "bypass", "urgency and a senior manager's instruction stand in for verification"),
       ("delivery-channel-unapproved", "deliver", "the password is read aloud to a caller nobody verified"),
       ("credential-change-not-forced", "access", "the agent-set password need not be changed at sign-in")],
      ["verification-after-access", "logging-missing", "secret-in-document", "confirmation-missing"])

# ---------------------------------------------------------------- SysAid + Grafana
SYSAID = "https://example.sysaidit.com/SREdit.jsp"
GRAFANA = "https://grafana.example.org/admin/users"


def sysaid_open(r, n, title="Service Record"):
    r.at("SysAid", "https://example.sysaidit.com/HelpDesk.jsp", "Service Records - SysAid")
    r.add("navigate", "intake", "opens", "link", "Service Desk")
    r.add("click", "intake", "opens", "link", "My Service Records")
    r.add("click", "intake", "opens", "row", n)
    r.at("SysAid", SYSAID, title + " #" + n + " - SysAid")


def sysaid_note_close(r, n, title="Service Record"):
    r.at("SysAid", SYSAID, title + " #" + n + " - SysAid")
    r.add("switch_tab", "other", "opens")
    r.add("click", "other", "opens", "tab", "Notes")
    r.add("click", "other", "opens", "button", "Add Note")
    r.add("input", "other", "sets", "textbox", "Note", field_kind="text", gap=30000)
    r.add("click", "log", "commits", "button", "Save", label="log")
    r.add("select", "other", "sets", "combobox", "Status", choice="Closed")
    r.add("click", "log", "commits", "button", "Save & Close", label="close")


def grafana_find(r):
    r.at("Grafana", GRAFANA, "Users - Administration - Grafana")
    r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "link", "Administration")
    r.add("click", "intake", "opens", "link", "Users and access")
    r.add("click", "intake", "opens", "link", "Users")
    r.add("input", "intake", "sets", "searchbox", "Search user by login, email, or name", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("Grafana", GRAFANA + "/edit", "[record] - Users - Administration - Grafana")


# 8. correct grant with approval
r = Rec()
sysaid_open(r, "48211", "Request")
r.add("click", "other", "opens", "tab", "Approvals")
r.add("note", "approve", "commits", text="Editor role for the Operations org approved by the dashboard owner on the Approvals tab of #48211.",
      label="approve", gap=20000)
grafana_find(r)
r.add("click", "other", "opens", "button", "Change role")
r.add("click", "other", "opens", "button", "Cancel")
r.add("click", "other", "opens", "button", "Change role", label="menu")
r.add("select", "other", "sets", "combobox", "Role", choice="Editor")
r.add("click", "access", "commits", "button", "Save", label="access")
r.add("note", "confirm", "commits", text="Requester confirmed they can now edit the Operations dashboards.", label="confirm", gap=240000)
sysaid_note_close(r, "48211", "Request")
write("grafana-role-approved-correct", "Grafana organization role raised to Editor after recorded approval",
      "ho6-grafana-role-approved-correct", r,
      "Grafana server administration (request in SysAid)", "correct",
      ["grafana_org", "grafana_users"], [],
      ["grant-without-approval", "logging-missing", "delivery-channel-unapproved", "secret-in-document",
       "credential-change-not-forced", "confirmation-missing"])

# 9. server admin granted on a chat message, no approval
r = Rec()
sysaid_open(r, "48230", "Request")
r.add("note", "other", "sets", text="Team lead messaged on chat: contractor needs Grafana admin right now for the outage review.", label="ctx")
grafana_find(r)
r.add("click", "other", "opens", "button", "Change", label="menu")
r.add("select", "other", "sets", "radio", "Grafana Admin", choice="Yes")
r.add("click", "access", "commits", "button", "Change", label="access")
sysaid_note_close(r, "48230", "Request")
write("grafana-admin-grant-no-approval-faulty", "Grafana server administrator granted on a chat message, no approval",
      "ho6-grafana-admin-grant-no-approval", r,
      "Grafana server administration (request in SysAid)",
      "faulty: Grafana server administrator privileges granted with no approval on record",
      ["grafana_admin", "grafana_users"],
      [("grant-without-approval", "access", "a privileged role is granted with no recorded approval"),
       ("confirmation-missing", None, "no check that the change did what was asked")],
      ["logging-missing", "delivery-channel-unapproved", "secret-in-document", "credential-change-not-forced"])

# 10. timed-out verification, password changed anyway
r = Rec()
sysaid_open(r, "48244", "Incident")
r.add("note", "verify", "commits", text="One-time code sent to the mobile of record. No code came back before it expired.", label="verify", gap=300000)
r.add("note", "other", "sets", text="Caller is the head of the NOC and on a bridge call; their deputy vouched for them in the channel, so carried on.",
      label="bypass")
grafana_find(r)
r.add("click", "other", "opens", "button", "Change password", label="menu")
r.add("input", "other", "sets", "textbox", "New password", field_kind="password")
r.add("click", "access", "commits", "button", "Change password", label="access")
r.add("note", "deliver", "commits", text="New password texted to the mobile of record.", label="deliver")
sysaid_note_close(r, "48244", "Incident")
write("grafana-timed-out-bypass-faulty", "Grafana password changed although the SMS code expired, on a deputy's word",
      "ho6-grafana-timed-out-bypass", r,
      "Grafana server administration (incident in SysAid)",
      "faulty: verification timed out, password changed anyway because of seniority and a deputy vouching; the new password is not forced to change",
      ["grafana_users"],
      [("verification-bypass", "bypass", "seniority and a colleague vouching replace a verification that expired"),
       ("exception-failed-verification-missing", None, "the expired code is not routed to any failure path"),
       ("credential-change-not-forced", "access", "Grafana's admin password change sets a password the user is never made to change"),
       ("confirmation-missing", None, "no check that the user can sign in")],
      ["verification-after-access", "logging-missing", "delivery-channel-unapproved", "secret-in-document"])

# ---------------------------------------------------------------- Kayako + Nextcloud
KAYAKO = "https://example.kayako.com/agent/conversations/"
NC = "https://cloud.example.org/settings/users"


def kayako_open(r, n):
    r.at("Kayako", "https://example.kayako.com/agent/conversations/view/1", "Inbox - Kayako")
    r.add("navigate", "intake", "opens", "link", "Inbox")
    r.add("click", "intake", "opens", "link", "#" + n)
    r.at("Kayako", KAYAKO + n, "Conversation #" + n + " - Kayako")


def kayako_note_complete(r, n):
    r.at("Kayako", KAYAKO + n, "Conversation #" + n + " - Kayako")
    r.add("switch_tab", "other", "opens")
    r.add("click", "other", "opens", "tab", "Note")
    r.add("input", "other", "sets", "textbox", "Add a note", field_kind="text", gap=25000)
    r.add("click", "log", "commits", "button", "Add note", label="log")
    r.add("select", "other", "sets", "combobox", "Status", choice="Completed")
    r.add("click", "log", "commits", "button", "Update", label="close")


def nc_find(r):
    r.at("Nextcloud", NC, "Accounts - Nextcloud")
    r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "button", "Settings menu")
    r.add("click", "intake", "opens", "menuitem", "Accounts")
    r.add("input", "intake", "sets", "searchbox", "Search accounts", field_kind="search")
    r.add("click", "intake", "opens", "row", "[record]")


def nc_resend(r):
    r.add("click", "other", "opens", "button", "Toggle account actions menu", label="menu")
    r.add("click", "access", "commits", "menuitem", "Resend welcome email", label="access")


# 11. correct
r = Rec()
kayako_open(r, "7719")
r.add("click", "other", "opens", "button", "Reply")
r.add("input", "other", "sets", "textbox", "Reply", field_kind="text", gap=15000)
r.add("click", "notify", "commits", "button", "Send", label="ack")
nc_find(r)
r.add("click", "other", "opens", "button", "Toggle account actions menu", label="early_menu")
r.add("click", "other", "opens", "text")
r.add("note", "verify", "commits",
      text="Phoned the user on the number in the HR system and sent a code to the work mobile; user repeated it correctly.",
      label="verify", gap=100000)
r.add("mark", "escalate", "sets", mark="exception",
      text="Code wrong, refused or expired: no reset; move #7719 to the Security group with a note, priority High.", label="exc")
nc_resend(r)
r.add("note", "confirm", "commits", text="User opened the set-password link from the work inbox and is signed in again.", label="confirm", gap=320000)
kayako_note_complete(r, "7719")
write("nextcloud-welcome-email-correct", "Nextcloud set-password link re-sent to the address of record after a code check",
      "ho6-nextcloud-welcome-email-correct", r,
      "Nextcloud account management (conversation in Kayako)", "correct",
      ["nextcloud_users", "nextcloud_welcome", "nextcloud_managed"], [],
      CLEAN)

# 12. code sent to an address the caller supplied
r = Rec()
kayako_open(r, "7734")
r.add("note", "intake", "sets", text="Caller says the work phone is at the repair shop; offered a private e-mail address for the code instead.")
r.add("note", "verify", "commits", text="Sent a one-time code to the private address the caller gave; they read it back.",
      label="verify", gap=120000)
r.add("mark", "escalate", "sets", mark="exception",
      text="Code wrong, refused or expired: no reset; move the conversation to the Security group with a note, priority High.")
nc_find(r)
nc_resend(r)
r.add("note", "confirm", "commits", text="User set a password from the link and is in.", label="confirm", gap=280000)
kayako_note_complete(r, "7734")
write("nextcloud-caller-address-faulty", "Nextcloud: verification code sent to a private address the caller offered",
      "ho6-nextcloud-caller-address", r,
      "Nextcloud account management (conversation in Kayako)",
      "faulty: the verification code goes to an e-mail address the caller supplied during the contact",
      ["nextcloud_users", "nextcloud_welcome"],
      [("verification-caller-supplied-contact", "verify", "the code goes to an address given on the call, not one of record")],
      ["verification-missing", "verification-after-access", "logging-missing", "delivery-channel-unapproved",
       "exception-failed-verification-missing", "secret-in-document", "confirmation-missing"])

# 13. set-password link re-sent, nothing recorded on the conversation
r = Rec()
kayako_open(r, "7750")
r.add("click", "other", "opens", "tab", "Customer")
r.add("note", "verify", "commits", text="Verified: code to the work mobile of record, repeated back correctly on a call-back to the HR number.",
      label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception",
      text="Code wrong, refused or expired: no reset; move the conversation to the Security group with a note, priority High.")
nc_find(r)
r.add("click", "other", "opens", "button", "Toggle account actions menu", label="early_menu")
r.add("click", "other", "opens", "text")
nc_resend(r)
r.add("note", "confirm", "commits", text="User reports the new password works on the laptop.", label="confirm", gap=400000)
r.add("close_tab", "other", "opens")
write("nextcloud-no-record-faulty", "Nextcloud set-password link re-sent, conversation never updated",
      "ho6-nextcloud-no-record", r,
      "Nextcloud account management (conversation in Kayako)",
      "faulty: no logging — nothing is written on the conversation or anywhere else after the reset",
      ["nextcloud_users", "nextcloud_welcome", "nextcloud_managed"],
      [("logging-missing", "access", "the reset is not recorded anywhere after it")],
      ["verification-missing", "verification-after-access", "exception-failed-verification-missing",
       "verification-knowledge-based", "verification-caller-supplied-contact", "verification-bypass",
       "delivery-channel-unapproved", "secret-in-document", "confirmation-missing"])

# 14. MFA factor reset, correct
r = Rec()
spw_open(r, "2263")
r.add("note", "verify", "commits", text="Video call booked through the staff directory; ID badge checked against the HR photo, "
      "then a code sent to the work e-mail of record was read out.", label="verify", gap=400000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC, label="exc")
r.at("Moodle", "https://learn.example.org/admin/tool/mfa/reset_factor.php", "Reset user factor | Site administration | Moodle")
r.add("open_tab", "other", "opens")
r.add("click", "other", "opens", "link", "Site administration")
r.add("click", "other", "opens", "tab", "Plugins")
r.add("click", "other", "opens", "link", "Multi-factor authentication")
r.add("click", "other", "opens", "link", "Reset factor")
r.add("select", "other", "sets", "combobox", "Factor", choice="Authenticator app")
r.add("input", "intake", "sets", "searchbox", "Users", field_kind="search")
r.add("click", "intake", "sets", "option", "[record]")
r.add("click", "access", "commits", "button", "Reset factor", label="access")
r.add("note", "confirm", "commits", text="Authenticator re-registered by the user; sign-in with MFA tested together on the call.", label="confirm", gap=180000)
spw_internal_close(r, "2263")
write("moodle-mfa-reset-correct", "Moodle authenticator factor reset after a code to the work e-mail of record",
      "ho6-moodle-mfa-reset-correct", r,
      "Moodle site administration, multi-factor authentication (ticket in Spiceworks Help Desk)", "correct",
      ["moodle_mfa"], [],
      CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing"])

# ---------------------------------------------------------------- Jenkins (matrix-based security)
JENKINS = "https://ci.example.org/manage/configureSecurity/"


def jenkins_matrix(r, perms):
    r.at("Jenkins", JENKINS, "Security [Jenkins]")
    r.add("open_tab", "other", "opens")
    r.add("click", "other", "opens", "link", "Manage Jenkins")
    r.add("click", "other", "opens", "link", "Security")
    r.add("click", "other", "opens", "button", "Add user…")
    r.add("input", "intake", "sets", "textbox", "User or group name", field_kind="text")
    r.add("click", "intake", "opens", "button", "OK")
    for p in perms:
        r.add("check", "other", "sets", "checkbox", p)
    r.add("click", "access", "commits", "button", "Save", label="access")


GH_J = "https://github.com/example-org/it-help/issues/"

# 15. correct grant with approval on the issue
r = Rec()
r.at("GitHub", "https://github.com/example-org/it-help/issues", "Issues · example-org/it-help · GitHub")
r.add("navigate", "intake", "opens", "link", "Issues")
r.add("click", "intake", "opens", "link", "Build rights on ci for new starter #341")
r.at("GitHub", GH_J + "341", "Build rights on ci for new starter · Issue #341 · example-org/it-help")
r.add("click", "intake", "opens", "button", "Assignees")
r.add("click", "intake", "sets", "option", "Assign yourself")
r.add("note", "approve", "commits", text="Build-infra lead approved Overall/Read and Job/Build in a comment on #341 before any change.",
      label="approve", gap=30000)
jenkins_matrix(r, ["Overall/Read", "Job/Build"])
r.add("note", "confirm", "commits", text="New starter ran the smoke job successfully.", label="confirm", gap=200000)
r.at("GitHub", GH_J + "341", "Build rights on ci for new starter · Issue #341 · example-org/it-help")
r.add("switch_tab", "other", "opens")
r.add("input", "other", "sets", "textbox", "Add a comment", field_kind="text", gap=30000)
r.add("click", "log", "commits", "button", "Close with comment", label="log")
write("jenkins-build-permission-approved-correct", "Jenkins build permission granted after the lead's approval on the issue",
      "ho6-jenkins-build-permission-approved-correct", r,
      "Jenkins matrix-based security (request as a GitHub issue)", "correct",
      ["jenkins_matrix", "jenkins_matrix2"], [],
      ["grant-without-approval", "logging-missing", "delivery-channel-unapproved", "secret-in-document",
       "credential-change-not-forced", "confirmation-missing"])

# 16. Overall/Administer on a chat request, no approval, nothing recorded
r = Rec()
r.add("note", "other", "sets", text="Asked on chat by a developer from the payments team to give a colleague admin on ci, 'just for today'.",
      label="ctx")
jenkins_matrix(r, ["Overall/Administer"])
r.add("note", "confirm", "commits", text="Colleague can see Manage Jenkins now.", label="confirm", gap=90000)
r.add("close_tab", "other", "opens")
write("jenkins-admin-grant-unrecorded-faulty", "Jenkins Overall/Administer granted on a chat request, no approval, no record",
      "ho6-jenkins-admin-grant-unrecorded", r,
      "Jenkins matrix-based security (request by chat, no ticket)",
      "faulty: administrator permission granted with no approval and no ticket or log entry",
      ["jenkins_matrix", "jenkins_matrix2"],
      [("grant-without-approval", "access", "Overall/Administer is granted with no approval or ticket reference"),
       ("logging-missing", "access", "nothing records the grant after it")],
      ["delivery-channel-unapproved", "secret-in-document", "credential-change-not-forced", "confirmation-missing"])

print("ok")
