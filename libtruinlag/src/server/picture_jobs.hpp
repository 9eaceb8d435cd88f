// Picture commands off the loop thread (game-rules section 7: "encoding
// work must not stall the engine for other clients").
//
// An upload is checked by the engine on the loop thread, decoded (and, for
// a profile picture, thumbnailed) and committed to the picture file on
// libuv's thread pool, then attached by the engine on the loop thread and
// committed with the batch of that loop turn before it is answered. A read
// (GetPictures, GetThumbnails) runs wholly on the pool through its own
// read-only connection. Answers of picture commands may therefore overtake
// nothing but their own connection's later requests: each answer carries
// its request's id (docs/protocol.md).
#pragma once

#include <uv.h>

#include <string>
#include <variant>
#include <vector>

#include "pictures/jpeg.hpp"
#include "server/connection.hpp"
#include "store/picture_store.hpp"
#include "truinlag/messages.hpp"

namespace truinlag::server {

class Server;

// A connection with this many picture jobs in flight is not read from
// until one finishes: each job holds its request's bytes (up to a frame),
// so a client pipelining uploads cannot make the daemon hold them all.
inline constexpr int kPictureJobsPerConnection = 2;

// ServerOptions::picture_workers resolved: 0 is one fewer than the cores.
unsigned picture_workers_for(unsigned configured);

// True for the five picture commands, which the server runs here instead
// of through Engine::execute.
bool is_picture_command(const Command& command);

// One command's trip through the pool. Filled in by the worker, read back
// on the loop thread; never touched by both at once (libuv's queue_work
// orders them).
struct PictureJob {
  uv_work_t work{};
  Server* server = nullptr;
  Connection::Id connection = 0;  // or the gateway's client id
  bool from_gateway = false;
  RequestId request = 0;
  std::string principal;           // whose key (an upload's)
  std::optional<std::string> key;  // stored with the answer
  Command command;
  pictures::Limits limits;
  std::size_t answer_limit = 0;
  Timestamp now = 0;
  store::PictureStore* store = nullptr;
  // Results of the worker.
  std::vector<PictureId> ids;          // uploads: stored, in order
  std::vector<Picture> found;          // reads
  std::optional<Error> refusal;        // PictureProblem, BadData (a read too large)
  std::optional<std::string> failure;  // the picture file could not be written or read
};

// The worker's part (any pool thread).
void run_picture_job(PictureJob& job);

}  // namespace truinlag::server
