"""Drives a running helpdesk server with the real Zammad Python client, `zammad_py`, used
unchanged, as a user of that client would.

Run by `cargo xtask zammad-py`, which starts the server and passes it in the environment:
HELPDESK_URL (the API root, ending in /api/v1/), HELPDESK_ADMIN_EMAIL and
HELPDESK_ADMIN_PASSWORD. Every check runs in order (later ones use what earlier ones created);
the script prints one line per check, then `N passed, M failed`, and exits 1 on any failure.
"""

import os
import sys
import traceback

from requests.exceptions import HTTPError
from zammad_py import ZammadAPI

URL = os.environ["HELPDESK_URL"]
ADMIN_EMAIL = os.environ["HELPDESK_ADMIN_EMAIL"]
ADMIN_PASSWORD = os.environ["HELPDESK_ADMIN_PASSWORD"]

CUSTOMER_EMAIL = "zpy.customer@example.com"
CUSTOMER_PASSWORD = "customer-secret-1"
OTHER_EMAIL = "zpy.other@example.com"
GROUPS = ["Zpy Sales", "Zpy Support", "Zpy Billing"]
# Tickets the paging checks create: three groups, ten each. Titles carry whole words the search
# checks look for: "zpybatch" in all, "zpyalpha" in every fifth.
BATCH = 30

admin = ZammadAPI(url=URL, username=ADMIN_EMAIL, password=ADMIN_PASSWORD)
# What the checks learn and later checks use.
state = {}
checks = []


def check(function):
    """Registers a check; checks run in the order they are defined."""
    checks.append(function)
    return function


def expect(actual, expected, what):
    """Fails with both values shown unless they are equal."""
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


def expect_http_error(call, fragment, what):
    """Fails unless `call` raises the client's HTTPError whose text contains `fragment`."""
    try:
        result = call()
    except HTTPError as err:
        if fragment not in str(err):
            raise AssertionError(f"{what}: error {str(err)!r} lacks {fragment!r}") from err
        return
    raise AssertionError(f"{what}: expected an HTTP error, got {result!r}")


def all_pages(first):
    """Follows the client's own pagination (`next_page` until `is_last_page`) and returns every
    item, in order, and the number of requests made."""
    items = list(first)
    page = first
    requests = 1
    while not page.is_last_page():
        page = page.next_page()
        requests += 1
        items.extend(page)
        if requests > 100:
            raise AssertionError("pagination does not end")
    return items, requests


@check
def me_with_basic_auth():
    me = admin.user.me()
    expect(me["email"], ADMIN_EMAIL, "users/me email")
    expect("password" in me, False, "password in users/me")
    state["admin_id"] = me["id"]


@check
def wrong_password_is_refused():
    client = ZammadAPI(url=URL, username=ADMIN_EMAIL, password="not-the-password")
    expect_http_error(client.user.me, "Invalid BasicAuth credentials", "wrong password")


@check
def lookups_list_seeded_states_and_priorities():
    states = {s["name"] for s in admin.ticket_state.all()}
    expect({"new", "open", "closed"} <= states, True, f"seeded states in {states}")
    priorities = {p["name"] for p in admin.ticket_priority.all()}
    expect({"1 low", "2 normal", "3 high"} <= priorities, True, f"priorities in {priorities}")


@check
def create_groups_and_grant_the_admin_access():
    ids = {}
    for name in GROUPS:
        group = admin.group.create(params={"name": name})
        expect(group["name"], name, "created group name")
        ids[name] = group["id"]
    state["group_ids"] = ids
    access = {str(gid): ["full"] for gid in ids.values()}
    access.update(admin.user.me()["group_ids"])
    updated = admin.user.update(state["admin_id"], params={"group_ids": access})
    expect(
        set(updated["group_ids"]) >= {str(gid) for gid in ids.values()},
        True,
        f"admin group access {updated['group_ids']}",
    )
    found = admin.group.find(ids[GROUPS[0]])
    expect(found["name"], GROUPS[0], "group find")


@check
def create_customers():
    organization = admin.organization.create(params={"name": "Zpy Org"})
    state["organization_id"] = organization["id"]
    customer = admin.user.create(
        params={
            "firstname": "Zoe",
            "lastname": "Python",
            "email": CUSTOMER_EMAIL,
            "password": CUSTOMER_PASSWORD,
            "organization_id": organization["id"],
            "role_ids": [3],
        }
    )
    expect(customer["login"], CUSTOMER_EMAIL, "customer login")
    expect(customer["organization_id"], organization["id"], "customer organization")
    state["customer_id"] = customer["id"]
    other = admin.user.create(
        params={"firstname": "Otto", "lastname": "Other", "email": OTHER_EMAIL}
    )
    state["other_id"] = other["id"]
    found = admin.user.search(CUSTOMER_EMAIL)
    expect([u["id"] for u in found], [customer["id"]], "user search by email")


@check
def create_ticket_with_article():
    ticket = admin.ticket.create(
        params={
            "title": "Zpy printer quokka on fire",
            "group": GROUPS[0],
            "customer": CUSTOMER_EMAIL,
            "article": {
                "subject": "Printer",
                "body": "The printer smells of smoke, says zpyquokka.",
                "type": "note",
                "internal": False,
            },
        }
    )
    expect(ticket["title"], "Zpy printer quokka on fire", "ticket title")
    expect(ticket["group_id"], state["group_ids"][GROUPS[0]], "ticket group_id")
    expect(ticket["customer_id"], state["customer_id"], "ticket customer_id")
    expect(ticket["organization_id"], state["organization_id"], "ticket organization_id")
    expect(ticket["created_by_id"], state["admin_id"], "ticket created_by_id")
    expect(ticket["article_count"], 1, "ticket article_count")
    expect(len(ticket["article_ids"]), 1, "ticket article_ids")
    state["ticket"] = ticket
    found = admin.ticket.find(ticket["id"])
    expect(found["number"], ticket["number"], "ticket find number")
    expect(found["title"], ticket["title"], "ticket find title")


@check
def read_articles():
    ticket = state["ticket"]
    articles = admin.ticket.articles(ticket["id"])
    expect(len(articles), 1, "by_ticket count")
    article = articles[0]
    expect(article["id"], ticket["article_ids"][0], "article id")
    expect(article["ticket_id"], ticket["id"], "article ticket_id")
    expect(article["subject"], "Printer", "article subject")
    expect(article["body"], "The printer smells of smoke, says zpyquokka.", "article body")
    expect(article["type"], "note", "article type")
    expect(article["internal"], False, "article internal")
    shown = admin.ticket_article.find(article["id"])
    expect(shown["body"], article["body"], "ticket_article find body")


@check
def add_articles():
    ticket = state["ticket"]
    internal = admin.ticket_article.create(
        params={
            "ticket_id": ticket["id"],
            "body": "Internal: replace the fuser.",
            "type": "note",
            "internal": True,
        }
    )
    expect(internal["ticket_id"], ticket["id"], "new article ticket_id")
    expect(internal["internal"], True, "new article internal")
    public = admin.ticket_article.create(
        params={
            "ticket_id": ticket["id"],
            "subject": "Update",
            "body": "A technician is on the way.",
            "type": "note",
            "internal": False,
        }
    )
    articles = admin.ticket.articles(ticket["id"])
    expect(
        [a["id"] for a in articles],
        [ticket["article_ids"][0], internal["id"], public["id"]],
        "by_ticket ids after two more articles",
    )
    expect(admin.ticket.find(ticket["id"])["article_count"], 3, "article_count after two more")
    state["internal_article_id"] = internal["id"]


@check
def update_ticket():
    ticket = state["ticket"]
    updated = admin.ticket.update(ticket["id"], params={"state": "open", "priority": "3 high"})
    states = {s["name"]: s["id"] for s in admin.ticket_state.all()}
    priorities = {p["name"]: p["id"] for p in admin.ticket_priority.all()}
    expect(updated["state_id"], states["open"], "updated state_id")
    expect(updated["priority_id"], priorities["3 high"], "updated priority_id")
    expect(updated["title"], ticket["title"], "title kept by a partial update")


@check
def unknown_lookup_and_missing_ticket_are_errors():
    expect_http_error(
        lambda: admin.ticket.create(
            params={
                "title": "nowhere",
                "group": "No Such Group",
                "customer": CUSTOMER_EMAIL,
                "article": {"body": "x", "type": "note", "internal": False},
            }
        ),
        "No lookup value found for 'group'",
        "unknown group",
    )
    expect_http_error(lambda: admin.ticket.find(999999), "Couldn't find Ticket", "missing ticket")


@check
def tags_add_list_remove():
    ticket_id = state["ticket"]["id"]
    expect(admin.ticket.tags(ticket_id), {"tags": []}, "tags before")
    expect(admin.ticket_tag.add(ticket_id, "zpy-urgent"), True, "tag add answer")
    expect(admin.ticket_tag.add(ticket_id, "printer"), True, "second tag add answer")
    expect(
        sorted(admin.ticket.tags(ticket_id)["tags"]),
        ["printer", "zpy-urgent"],
        "tags after add",
    )
    expect(admin.ticket_tag.remove(ticket_id, "zpy-urgent"), True, "tag remove answer")
    expect(admin.ticket.tags(ticket_id), {"tags": ["printer"]}, "tags after remove")
    names = {row["name"] for row in admin.taglist.all()}
    expect("printer" in names, True, f"printer in tag_list {names}")


@check
def create_batch_across_groups():
    ids = []
    for i in range(BATCH):
        group = GROUPS[i % len(GROUPS)]
        words = "zpybatch zpyalpha" if i % 5 == 0 else "zpybatch"
        ticket = admin.ticket.create(
            params={
                "title": f"Batch {i} {words}",
                "group": group,
                "customer": CUSTOMER_EMAIL if i % 2 == 0 else OTHER_EMAIL,
                "article": {
                    "subject": f"Batch {i}",
                    "body": f"Body of batch ticket {i}.",
                    "type": "note",
                    "internal": False,
                },
            }
        )
        expect(ticket["group_id"], state["group_ids"][group], f"batch {i} group_id")
        ids.append(ticket["id"])
    expect(len(set(ids)), BATCH, "distinct batch ids")
    state["batch"] = ids
    state["alpha"] = {tid for i, tid in enumerate(ids) if i % 5 == 0}


@check
def page_through_all_tickets():
    expected = [state["ticket"]["id"], *state["batch"]]
    tickets = admin.ticket
    tickets.per_page = 10
    first = tickets.all()
    expect(len(first), 10, "first page size")
    expect("group" in first[0], True, "expand=true adds the group name")
    items, requests = all_pages(first)
    ids = [t["id"] for t in items]
    expect(sorted(ids), sorted(expected), "every ticket once (sorted ids)")
    expect(ids, sorted(ids), "list ordered by id ascending")
    # 31 tickets, 10 a page: pages of 10, 10, 10, 1.
    expect(requests, 4, "requests to page through 31 tickets")
    by_id = {t["id"]: t for t in items}
    expect(by_id[state["batch"][1]]["group"], GROUPS[1], "expanded group name")
    expect(by_id[state["batch"][1]]["customer"], OTHER_EMAIL, "expanded customer")


@check
def page_size_through_filters_and_an_exact_multiple():
    # The client's other way to choose a page size; 31 tickets, 31 a page: one full page, then
    # an empty one that ends the paging.
    first = admin.ticket.all(filters={"per_page": 31})
    expect(len(first), 31, "one page of 31")
    items, requests = all_pages(first)
    expect(len(items), 31, "items over a full page and an empty one")
    expect(requests, 2, "requests when the count is a multiple of per_page")
    beyond = admin.ticket.all(page=9, filters={"per_page": 10})
    expect(list(beyond), [], "a page past the end")


@check
def search_finds_the_right_tickets():
    found = admin.ticket.search("zpyalpha")
    expect({t["id"] for t in found}, state["alpha"], "search zpyalpha")
    expect(found.is_last_page(), True, "6 results on a page of 10 is the last page")
    expect(
        [t["id"] for t in admin.ticket.search("zpyquokka")],
        [state["ticket"]["id"]],
        "search finds a word of an article body",
    )
    expect(list(admin.ticket.search("zpynothingmatches")), [], "search without a match")
    expect(
        {t["id"] for t in admin.ticket.search("zpyalpha", filters={"per_page": 50})},
        state["alpha"],
        "search with per_page in filters",
    )


@check
def search_pages_see_every_match_once():
    items, requests = all_pages(admin.ticket.search("zpybatch"))
    ids = [t["id"] for t in items]
    expect(sorted(ids), sorted(state["batch"]), "every zpybatch ticket once")
    expect(requests, 4, "requests to page through 30 matches")


@check
def search_with_field_terms():
    found = admin.ticket.search(f'zpybatch AND group.name:"{GROUPS[2]}"', filters={"per_page": 50})
    expected = {tid for i, tid in enumerate(state["batch"]) if i % len(GROUPS) == 2}
    expect({t["id"] for t in found}, expected, "search zpybatch in the third group")


@check
def token_auth():
    response = admin.session.post(
        admin.url + "user_access_token",
        json={"name": "zammad_py check", "permission": ["ticket.agent", "admin.user"]},
    )
    response.raise_for_status()
    secret = response.json()["token"]
    with_token = ZammadAPI(url=URL, http_token=secret)
    expect(with_token.user.me()["id"], state["admin_id"], "users/me with a token")
    expect(
        {t["id"] for t in with_token.ticket.search("zpyalpha")},
        state["alpha"],
        "search with a token",
    )
    with_bearer = ZammadAPI(url=URL, oauth2_token=secret)
    expect(with_bearer.user.me()["id"], state["admin_id"], "users/me with a Bearer token")
    expect_http_error(
        ZammadAPI(url=URL, http_token="no-such-token").user.me,
        "Not authorized",
        "unknown token",
    )


@check
def customer_sees_only_own_tickets():
    customer = ZammadAPI(url=URL, username=CUSTOMER_EMAIL, password=CUSTOMER_PASSWORD)
    expect(customer.user.me()["id"], state["customer_id"], "customer users/me")
    items, _ = all_pages(customer.ticket.all())
    own = {state["ticket"]["id"]} | {
        tid for i, tid in enumerate(state["batch"]) if i % 2 == 0
    }
    expect({t["id"] for t in items}, own, "customer's ticket list")
    articles = customer.ticket.articles(state["ticket"]["id"])
    expect(
        state["internal_article_id"] in {a["id"] for a in articles},
        False,
        "internal article hidden from the customer",
    )
    expect(len(articles), 2, "articles a customer sees")


@check
def on_behalf_of_a_customer():
    acting = ZammadAPI(
        url=URL, username=ADMIN_EMAIL, password=ADMIN_PASSWORD, on_behalf_of=CUSTOMER_EMAIL
    )
    expect(acting.user.me()["id"], state["customer_id"], "users/me on behalf of")
    ticket = acting.ticket.create(
        params={
            "title": "Filed on behalf",
            "group": GROUPS[0],
            "article": {"body": "Please help.", "type": "note", "internal": False},
        }
    )
    expect(ticket["customer_id"], state["customer_id"], "customer_id on behalf of")
    expect(ticket["created_by_id"], state["customer_id"], "created_by_id on behalf of")
    state["behalf_ticket_id"] = ticket["id"]


@check
def destroy_ticket():
    ticket_id = state["behalf_ticket_id"]
    expect(admin.ticket.destroy(ticket_id), {}, "destroy answer")
    expect_http_error(lambda: admin.ticket.find(ticket_id), "Couldn't find Ticket", "destroyed")


def main():
    passed = failed = 0
    for function in checks:
        try:
            function()
        except Exception:  # noqa: BLE001 - every failure is reported, then the next check runs
            failed += 1
            print(f"FAIL {function.__name__}")
            traceback.print_exc(limit=2)
        else:
            passed += 1
            print(f"ok   {function.__name__}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
