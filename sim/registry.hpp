#pragma once
// Named, registered policies and models. A scenario names its placement, load-balancing and
// other policies; a misspelt name gets the nearest match or the list of valid names.
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/suggest.hpp"

namespace stratus::sim {

class UnknownNameError : public std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

template <class Interface, class... Args>
class Registry {
 public:
  using Factory = std::function<std::unique_ptr<Interface>(Args...)>;

  /// `what` names the kind of thing in messages: "placement policy", "load balancer".
  explicit Registry(std::string what) : what_(std::move(what)) {}

  void add(std::string name, std::string description, Factory factory) {
    entries_[std::move(name)] = Entry{std::move(description), std::move(factory)};
  }
  bool contains(const std::string& name) const { return entries_.count(name) > 0; }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [name, entry] : entries_)
      out.push_back(name);
    return out;
  }
  const std::string& description(const std::string& name) const { return entries_.at(name).description; }
  const std::string& what() const { return what_; }
  /// "scaling policies", "load balancers": for headings that list the registry.
  std::string what_plural() const {
    const bool consonant_y = what_.size() >= 2 && what_.back() == 'y' &&
                             std::string("aeiou").find(what_[what_.size() - 2]) == std::string::npos;
    return consonant_y ? what_.substr(0, what_.size() - 1) + "ies" : what_ + "s";
  }

  /// Throws UnknownNameError carrying the nearest-match message.
  std::unique_ptr<Interface> create(const std::string& name, Args... args) const {
    auto it = entries_.find(name);
    if (it == entries_.end()) throw UnknownNameError(unknown_name_message(what_, name, names()));
    return it->second.factory(std::forward<Args>(args)...);
  }

 private:
  struct Entry {
    std::string description;
    Factory factory;
  };
  std::string what_;
  std::map<std::string, Entry> entries_;
};

}  // namespace stratus::sim
