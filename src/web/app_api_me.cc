// /api/me and /api/tokens: the caller, and the API tokens they use from scripts.
//
// Tokens are made only from a signed-in browser session, never with another token: a token
// that leaks (a CI log, a shared script) can then read and write as its owner until it is
// revoked, but cannot mint more tokens to outlive its own revocation.
#include "web/http_message.h"

#include "auth/secrets.h"
#include "util/text.h"
#include "web/app_api_internal.h"

namespace rungs::api {
namespace {

void GetMe(ApiCall& call) {
  json me = UserJson(call.viewer());
  // A script using the session (the page's own JavaScript) needs the token for its writes.
  if (call.caller.session) me["csrf_token"] = call.caller.session->csrf_token;
  SendJson(call, 200, me);
}

void ListTokens(ApiCall& call) {
  Result<std::vector<ApiToken>> tokens = call.tracker().ApiTokens(call.viewer());
  if (!tokens.ok()) return SendStatus(call, tokens.status());
  json list = json::array();
  for (const ApiToken& t : *tokens) list.push_back(ApiTokenJson(t));
  SendJson(call, 200, {{"tokens", std::move(list)}});
}

void CreateToken(ApiCall& call) {
  if (call.caller.bearer()) {
    return SendStatus(
        call, Status::Forbidden("API tokens are made from a signed-in browser session, not with "
                                "another token (a leaked token must not be able to mint more)"));
  }
  std::optional<json> body = ReadBody(call);
  if (!body) return;
  BodyReader r;
  r.OnlyKnown(*body, "", {"name"});
  const std::string name = r.String(*body, "", "name", true).value_or("");
  if (!r.ok()) return SendStatus(call, r.status());
  Result<NewApiToken> created = call.tracker().CreateApiToken(call.viewer(), name);
  if (!created.ok()) return SendStatus(call, created.status());
  json out = ApiTokenJson(created->token);
  out["token"] = created->secret;  // shown once, here
  SendCreated(call, out);
}

// Only the caller's own tokens: the store matches the owner, so someone else's id is unknown.
void RevokeToken(ApiCall& call) {
  const Status s = call.tracker().RevokeApiToken(call.viewer(), call.PathId(1));
  if (!s.ok()) return SendStatus(call, s);
  SendNoContent(call);
}

}  // namespace

void RegisterMeApi(ApiRoutes& routes) {
  routes.Get("/api/me", GetMe);
  routes.Get("/api/tokens", ListTokens);
  routes.Post("/api/tokens", CreateToken);
  routes.Delete(R"(/api/tokens/(\d+))", RevokeToken);
}

}  // namespace rungs::api
