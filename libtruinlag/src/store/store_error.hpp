// The store's own failure: a database that cannot be opened, locked,
// migrated or loaded. The store knows nothing of the server that uses it;
// the server turns this into its public StartupError (truinlag/server.hpp).
#pragma once

#include <stdexcept>

namespace truinlag::store {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace truinlag::store
