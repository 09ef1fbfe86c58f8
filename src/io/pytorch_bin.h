// pytorch_bin.h — reading what torch.save(model.state_dict()) writes: pytorch_model.bin, the
// format the released SimCSE checkpoints ship in.
// Paper: none (infrastructure: checkpoint files)
#pragma once

// Since PyTorch 1.6 it is a zip archive:
//   <folder>/data.pkl     a pickle of the state_dict: an OrderedDict of name -> tensor, each tensor
//                         rebuilt by torch._utils._rebuild_tensor_v2(storage, offset, size, stride,
//                         ...) where `storage` is a persistent id ('storage', torch.FloatStorage,
//                         key, device, numel) naming the entry <folder>/data/<key>
//   <folder>/data/<key>   the raw little-endian bytes of one storage
// This reader interprets that pickle (io/pickle.h) with exactly those callables allowed and
// returns where each tensor's bytes lie; tensors must be contiguous (what state_dict() saves).

#include <string>

#include "io/stored_tensor.h"

namespace simcse {

// The tensors of a torch.save zip file; an error naming the file (and tensor) if the file is
// truncated, compressed, not a flat state_dict, or holds a non-contiguous tensor.
TensorFileIndex read_pytorch_bin_index(const std::string& path);

}  // namespace simcse
