"""users: sign-up with confirmation, password restore, me, names, user admin
(upstream profiles-service, ``/api/v1/users``; our auth + profiles subgraphs)."""

from __future__ import annotations

from router.rest.pagination import PAGE_PARAMS, walk
from router.rest.problems import Problem
from router.rest.routes.common import DONE, STRING, ping_routes, require_owner
from router.rest.spec import Auth, Call, Field, Kind, Param, Reply, Route
from router.rest.wire import ROLE_FROM_WIRE, USER_STATES, WIRE_ROLES, Page, User, Uuid, page

__all__ = ["ROUTES"]

_USER = "id login email role state createdAt"
_DUPLICATE = {409: "DUPLICATE_FOUND"}
_LINK = {400: "Link has expired", 404: "Link has expired"}

USER_NAME = "query RestUserName($id: ID!) { me { id role } user(id: $id) { id login state } }"
SIGN_UP = """mutation RestSignUp($email: String!, $password: String!, $login: String!) {
  signUp(email: $email, password: $password, login: $login) { user { id } }
}"""
CONFIRM = "mutation RestConfirmEmail($token: String!) { confirmEmail(token: $token) { id } }"
RESEND = "mutation RestResendConfirmation($email: String!) { resendConfirmation(email: $email) }"
RESTORE = (
    "mutation RestRequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }"
)
RESET = """mutation RestResetPassword($token: String!, $password: String!) {
  resetPassword(token: $token, newPassword: $password)
}"""
ME = f"query RestMe {{ me {{ {_USER} }} }}"
USER = f"query RestUser($id: ID!) {{ me {{ id role }} user(id: $id) {{ {_USER} }} }}"
USERS = f"""query RestUsers($first: Int, $after: String) {{
  users(first: $first, after: $after) {{
    edges {{ node {{ {_USER} }} }} pageInfo {{ hasNextPage endCursor }}
  }}
}}"""
SET_ROLE = """mutation RestSetUserRole($id: ID!, $role: UserRole!) {
  setUserRole(userId: $id, role: $role) { id }
}"""
SET_STATE = """mutation RestSetUserState($id: ID!, $state: UserState!) {
  setUserState(userId: $id, state: $state) { id }
}"""
UPDATE_LOGIN = """mutation RestUpdateLogin($login: String!) {
  updateProfile(input: {login: $login}) { id }
}"""
CHANGE_PASSWORD = """mutation RestChangePassword($current: String, $password: String!) {
  changePassword(currentPassword: $current, newPassword: $password)
}"""
SET_LOGIN = """mutation RestSetUserLogin($id: ID!, $login: String!) {
  setUserLogin(userId: $id, login: $login) { id }
}"""
SET_EMAIL = """mutation RestSetUserEmail($id: ID!, $email: String!) {
  setUserEmail(userId: $id, email: $email) { id }
}"""
DELETE_ACCOUNT = """mutation RestDeleteAccount($password: String!) {
  deleteAccount(password: $password)
}"""
ME_FULL = f"query RestViewer {{ me {{ {_USER} }} }}"


async def user_name(call: Call) -> Reply:
    """A DELETED account is 404 but to moderators (upstream: deleted users are invisible)."""
    data = await call.gql(USER_NAME, {"id": call.path["uuid"]})
    user, viewer = data["user"], data["me"]
    moderator = viewer is not None and viewer["role"] in ("MODERATOR", "OWNER")
    if user is None or (user["state"] == "DELETED" and not moderator):
        raise Problem(404, "No such user")
    return Reply(user["login"])


async def sign_up(call: Call) -> Reply:
    body = call.body
    variables = {"email": body["Email"], "password": body["Password"], "login": body["Login"]}
    await call.gql(SIGN_UP, variables)
    return DONE


async def confirm(call: Call) -> Reply:
    await call.gql(CONFIRM, {"token": call.body["Token"]})
    return DONE


async def resend(call: Call) -> Reply:
    await call.gql(RESEND, {"email": call.body["Email"]})
    return DONE


async def restore(call: Call) -> Reply:
    await call.gql(RESTORE, {"email": call.body["Email"]})
    return DONE


async def reset(call: Call) -> Reply:
    await call.gql(RESET, {"token": call.body["Token"], "password": call.body["Password"]})
    return DONE


async def me(call: Call) -> Reply:
    user = (await call.gql(ME))["me"]
    if user is None:
        raise Problem(404, "No profile for this account")
    return Reply(user)


async def get_user(call: Call) -> Reply:
    data = await call.gql(USER, {"id": call.path["uuid"]})
    if data["me"] is None or data["me"]["role"] != "OWNER":
        raise Problem(403, "Only an OWNER may read other accounts")
    if data["user"] is None:
        raise Problem(404, "No such user")
    return Reply(data["user"])


async def list_users(call: Call) -> Reply:
    offset, limit = call.query["offset"], call.query["limit"]
    nodes = await walk(call, USERS, {}, lambda d: d["users"], offset=offset, limit=limit)
    return Reply(page(nodes, offset, limit))


def _role(wire: str) -> str:
    return ROLE_FROM_WIRE[wire]


async def create_user(call: Call) -> Reply:
    """No createUser mutation: signUp, then setUserState / setUserRole as the OWNER asked."""
    await require_owner(call)
    body = call.body
    if body["State"] == "DELETED":
        raise Problem(400, "An account cannot be created DELETED", message="Bad request")
    variables = {"email": body["Email"], "password": body["Password"], "login": body["Login"]}
    user_id = (await call.gql(SIGN_UP, variables))["signUp"]["user"]["id"]
    if body["State"] != "NEW":
        await call.gql(SET_STATE, {"id": user_id, "state": body["State"]})
    if _role(body["Role"]) != "READER":
        await call.gql(SET_ROLE, {"id": user_id, "role": _role(body["Role"])})
    return Reply(user_id, 201)


async def update_user(call: Call) -> Reply:
    body = call.body
    viewer = (await call.gql(ME_FULL))["me"]
    if viewer is None:
        raise Problem(401, "Sign in first")
    own = body["Uuid"] == viewer["id"]
    owner = viewer["role"] == "OWNER"
    # upstream's account form always sends `password`, empty when it is not being changed
    password = body.get("Password") or None
    if password is not None and not own:
        raise Problem(403, "A password is changed by the account itself")
    if "Login" in body and not (own or owner):
        raise Problem(403, "Only the account itself or an OWNER changes a login")
    # The UI's own-account form sends the current address back: that is no change.
    email = body.get("Email")
    if email is not None and own and email.lower() == str(viewer["email"]).lower():
        email = None
    if email is not None and not owner:
        raise Problem(403, "Only an OWNER may change email addresses")
    if body.get("State") == "DELETED":
        raise Problem(400, "Use DELETE /users", message="DELETE_VIA_PUT_REQUEST_IS_FODBIDDEN")
    if "Login" in body and own:
        await call.gql(UPDATE_LOGIN, {"login": body["Login"]}, statuses={"CONFLICT": 409})
    elif "Login" in body:
        variables = {"id": body["Uuid"], "login": body["Login"]}
        await call.gql(SET_LOGIN, variables, statuses={"CONFLICT": 409})
    if password is not None:
        # without CurrentPassword, auth accepts a recent login as re-authentication
        current = body.get("CurrentPassword")
        await call.gql(CHANGE_PASSWORD, {"current": current, "password": password})
    if email is not None:
        await call.gql(SET_EMAIL, {"id": body["Uuid"], "email": email})
    if "Role" in body:
        await call.gql(SET_ROLE, {"id": body["Uuid"], "role": _role(body["Role"])})
    if "State" in body:
        await call.gql(SET_STATE, {"id": body["Uuid"], "state": body["State"]})
    return DONE


async def delete_user(call: Call) -> Reply:
    """Soft delete (state DELETED, sessions end). Another account: OWNER only. One's own: the
    account's password is required in the body (upstream took none; see the route's notes)."""
    viewer = (await call.gql(ME_FULL))["me"]
    if viewer is None:
        raise Problem(401, "Sign in first")
    if call.body["Uuid"] == viewer["id"]:
        if "Password" not in call.body:
            raise Problem(
                400,
                "Password is required to delete your own account",
                errors=[{"Field": "Password", "Msg": "is required"}],
            )
        await call.gql(DELETE_ACCOUNT, {"password": call.body["Password"]})
        return DONE
    await call.gql(SET_STATE, {"id": call.body["Uuid"], "state": "DELETED"})
    return DONE


_ROLE = Field("Role", enum=WIRE_ROLES, description="OWNER, MODERATOR, RESIDENT (writer), GI")
_STATE = Field("State", enum=USER_STATES)
_UUID_PATH = Param("uuid", Kind.UUID, description="The account id.")

ROUTES = [
    Route(
        "GET",
        ("/users/me",),
        "users",
        "The viewer's account.",
        Auth.USER,
        me,
        operation=ME,
        response=User,
        errors=(401, 404),
    ),
    Route(
        "GET",
        ("/users/name/{uuid}",),
        "users",
        "A user's display name (login) as a bare JSON string.",
        Auth.PUBLIC,
        user_name,
        operation=USER_NAME,
        params=(_UUID_PATH,),
        response=STRING,
        errors=(400, 404),
    ),
    Route(
        "POST",
        ("/users/signup",),
        "users",
        "Sign up (state NEW); a confirmation link is emailed.",
        Auth.ANONYMOUS,
        sign_up,
        operation=SIGN_UP,
        body=(
            Field("Login", required=True),
            Field("Email", Kind.EMAIL, required=True),
            Field("Password", required=True),
        ),
        response=STRING,
        messages=_DUPLICATE,
        errors=(400, 409, 429),
    ),
    Route(
        "PUT",
        ("/users/signup",),
        "users",
        "Confirm the email with the link's token.",
        Auth.ANONYMOUS,
        confirm,
        operation=CONFIRM,
        body=(Field("Token", required=True),),
        response=STRING,
        messages={**_LINK, 403: "User is blocked"},
        errors=(400, 403, 404),
    ),
    Route(
        "POST",
        ("/users/signup/resend",),
        "users",
        "Send a new confirmation link (always DONE: no account enumeration).",
        Auth.ANONYMOUS,
        resend,
        operation=RESEND,
        body=(Field("Email", Kind.EMAIL, required=True),),
        response=STRING,
        errors=(400, 429),
    ),
    Route(
        "POST",
        ("/users/password/restore",),
        "users",
        "Email a password-restore link (always DONE: no account enumeration).",
        Auth.ANONYMOUS,
        restore,
        operation=RESTORE,
        body=(Field("Email", Kind.EMAIL, required=True),),
        response=STRING,
        errors=(400, 429),
    ),
    Route(
        "PUT",
        ("/users/password/restore",),
        "users",
        "Set a new password with the link's token (ends the account's sessions).",
        Auth.ANONYMOUS,
        reset,
        operation=RESET,
        body=(Field("Token", required=True), Field("Password", required=True)),
        response=STRING,
        messages={**_LINK, 403: "User is blocked"},
        errors=(400, 403, 404),
    ),
    Route(
        "GET",
        ("/users",),
        "users",
        "All accounts in sign-up order (OWNER). `shard` is accepted and ignored.",
        Auth.USER,
        list_users,
        operation=USERS,
        params=(*PAGE_PARAMS, Param("shard", Kind.INT, description="Ignored (no shards).")),
        response=Page[User],
        errors=(400, 401, 403),
    ),
    Route(
        "GET",
        ("/users/{uuid}",),
        "users",
        "One account (OWNER).",
        Auth.USER,
        get_user,
        operation=USER,
        params=(_UUID_PATH,),
        response=User,
        errors=(400, 401, 403, 404),
    ),
    Route(
        "POST",
        ("/users",),
        "users",
        "Create an account (OWNER): signUp, then setUserState/setUserRole; 201 + its uuid.",
        Auth.USER,
        create_user,
        operation=SIGN_UP + "\n" + SET_STATE + "\n" + SET_ROLE,
        body=(
            Field("Login", required=True),
            Field("Email", Kind.EMAIL, required=True),
            Field("Password", required=True),
            Field("Role", required=True, enum=WIRE_ROLES),
            Field("State", required=True, enum=USER_STATES),
        ),
        status=201,
        response=Uuid,
        messages=_DUPLICATE,
        errors=(400, 401, 403, 409, 429),
    ),
    Route(
        "PUT",
        ("/users",),
        "users",
        "Edit an account: own Login / Password; another's Login, and Email, Role and State "
        "(OWNER).",
        Auth.USER,
        update_user,
        operation="\n".join(
            (ME_FULL, UPDATE_LOGIN, SET_LOGIN, CHANGE_PASSWORD, SET_EMAIL, SET_ROLE, SET_STATE)
        ),
        body=(
            Field("Uuid", Kind.UUID, required=True),
            Field("Login"),
            Field(
                "Email",
                Kind.EMAIL,
                description="OWNER only (sending one's own current address is no change); "
                "validated, unique (409).",
            ),
            Field("Password", description="Empty: no change."),
            Field(
                "CurrentPassword",
                description="Re-authenticates a password change (not upstream's); not needed "
                "within REAUTH_WINDOW_SECONDS (5 minutes) of a password login, else 403: log "
                "in again.",
            ),
            _ROLE,
            _STATE,
        ),
        response=STRING,
        messages=_DUPLICATE,
        errors=(400, 401, 403, 404, 409),
        notes="Changes apply in the order Login, Password, Email, Role, State; the first that "
        "fails answers and the later ones are not made.",
    ),
    Route(
        "DELETE",
        ("/users",),
        "users",
        "Delete an account (state DELETED, its sessions end): another's as an OWNER, one's "
        "own with its Password.",
        Auth.USER,
        delete_user,
        operation="\n".join((ME_FULL, SET_STATE, DELETE_ACCOUNT)),
        body=(
            Field("Uuid", Kind.UUID, required=True),
            Field(
                "Password",
                description="Required to delete one's own account (not upstream's); "
                "ignored for another's.",
            ),
        ),
        response=STRING,
        errors=(400, 401, 403, 404),
        notes=(
            "Deleting one's own account re-authenticates: upstream deleted with the access "
            "token alone, so a leaked token (or an unlocked screen) could destroy an account "
            "for good. A missing Password is a 400 (`errors: [{Field: Password}]`), a wrong one "
            "a 400 too; the last OWNER cannot delete their account (403)."
        ),
    ),
    *ping_routes("users"),
]
