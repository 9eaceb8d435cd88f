// One verb's conversation with truinlagd: the connection, typed requests,
// and the lists names are resolved against (fetched once, when needed).
#pragma once

#include <future>
#include <map>
#include <optional>
#include <string_view>

#include "verbs.hpp"

namespace truinlag::cli {

class Daemon {
 public:
  // Connects; CliError(kExitDisconnected) when nobody answers.
  explicit Daemon(const GlobalOptions& global);

  // Not copyable or movable: it is made and used inside one verb.
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // The value of `future`; a lost connection becomes CliError(exit 3),
  // an EngineError passes through to main (exit 1).
  template <class T>
  T wait(std::future<T> future) {
    try {
      return future.get();
    } catch (const Disconnected& e) {
      throw daemon_gone(*global_,
                        "lost the connection to truinlagd at " + global_->socket + ": " + e.what());
    }
  }

  // A verb generic over several commands (start/stop, the player text
  // setters) holds a Command, not one type: it names the answer they share.
  template <class R>
  R ask_as(Command command) {
    return wait(sender().request<R>(std::move(command)));
  }

  // Sends `command` and waits for the answer its contract declares.
  template <class C>
  typename C::Answer ask(C command) {
    return wait(sender().call(std::move(command)));
  }

  Sender& sender() { return client_.sender(); }

  // Sessions and players (GetState), fetched on first use.
  const GlobalState& global_state();
  const SessionState& session_state(SessionId session);
  const std::vector<Zone>& zones();
  const std::vector<ChallengeSet>& sets();

  // Names as typed (resolve.hpp) to ids.
  SessionId session(std::string_view text);
  PlayerId player(std::string_view text);
  TeamId team(SessionId session, std::string_view text);
  ZoneId zone(std::int64_t number);

 private:
  const GlobalOptions* global_;
  Client client_;
  std::optional<GlobalState> global_state_;
  std::map<SessionId, SessionState> session_states_;
  std::optional<std::vector<Zone>> zones_;
  std::optional<std::vector<ChallengeSet>> sets_;
};

// Prints the answer of a verb: with --json as a tagged Result (as the
// engine sent it), else `text`.
template <class R>
int print_answer(const GlobalOptions& global, const R& answer, const std::string& text) {
  if (global.json) {
    print_json(Result{answer});
  } else {
    std::cout << text << std::flush;
  }
  return kExitOk;
}

}  // namespace truinlag::cli
