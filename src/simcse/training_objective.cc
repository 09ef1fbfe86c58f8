// training_objective.cc — the one place that maps `simcse train`'s flags to an objective.
// Paper: §3, §4
#include "simcse/training_objective.h"

#include "simcse/simcse_model.h"

namespace simcse {

std::unique_ptr<TrainingObjective> make_training_objective(const TrainingArguments& args, BertModel encoder,
                                                           const ParameterSource& state_source) {
  SimcseSettings settings;
  settings.pooler_type = pooler_from_name(args.pooler_type);
  settings.mlp_only_train = args.mlp_only_train;
  // The margin/scale form's s is 1/tau (contrastive_loss.h).
  settings.temperature = args.loss_scale > 0 ? 1 / args.loss_scale : args.temp;
  settings.margin = args.loss_margin;
  settings.hard_negative_weight = args.hard_negative_weight;
  settings.do_mlm = args.do_mlm;
  settings.mlm_weight = args.mlm_weight;
  settings.mlm_probability = args.mlm_probability;
  return std::make_unique<SimcseModel>(std::move(encoder), settings, state_source);
}

}  // namespace simcse
