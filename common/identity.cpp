// Identity::wipe: overwrites the holder's data in place before releasing it.
#include "common/identity.h"

#include <cstddef>

namespace yimen {
namespace {

// Writes zeros through a volatile pointer so the stores cannot be optimised away as dead.
void zeroBytes(void* data, std::size_t size) {
    volatile unsigned char* p = static_cast<volatile unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
        p[i] = 0;
    }
}

// The whole capacity is overwritten, not just size(): a string that was once longer keeps old bytes past its
// end.
void wipeString(std::string& s) {
    s.resize(s.capacity());
    zeroBytes(s.data(), s.size());
    s.clear();
}

}  // namespace

void Identity::wipe() {
    for (std::string* field :
         {&name, &sex, &nation, &birthDate, &address, &idNumber, &issuer, &validFrom, &validTo}) {
        wipeString(*field);
    }
    photoWlt.resize(photoWlt.capacity());
    zeroBytes(photoWlt.data(), photoWlt.size());
    photoWlt.clear();
    kind = CardKind::resident;
}

}  // namespace yimen
