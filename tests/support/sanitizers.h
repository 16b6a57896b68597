#pragma once

namespace linewatch::test {

/// True in the asan preset (GCC defines __SANITIZE_ADDRESS__, clang has
/// __has_feature): for the few timed bounds that take a sanitizer-aware
/// budget, each with its measurement beside it.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

} // namespace linewatch::test
