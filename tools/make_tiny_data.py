#!/usr/bin/env python3
"""make_tiny_data.py — writes tiny_data/corpus.txt and tiny_data/sts_pairs.tsv from templates.

Run from the repository root:  python3 tools/make_tiny_data.py
Deterministic (a fixed seed, Python's random module); needs nothing beyond the standard library.

A small world of subjects doing actions in places. A *meaning* is (subject, action, place or none);
each part has several wordings (synonyms, "a"/"the", progressive or simple present, the place at
the front or the end), so one meaning has many paraphrases. corpus.txt holds distinct sentences for
unsupervised training; sts_pairs.tsv holds sentence pairs graded 0-5 by how much meaning they share:
  5 same meaning, other wording          2 same topic, different action
  4 same subject and action, other place  1 different topic, same subject
  3 same action, other subject            0 different topic, different subject
"""
import random

SEED = 20210418  # SimCSE's arXiv submission date
CORPUS_SENTENCES = 3000
PAIRS_PER_SCORE = 170

PEOPLE = {
    "man": ["man", "guy"],
    "woman": ["woman", "lady"],
    "boy": ["boy", "young boy"],
    "girl": ["girl", "young girl"],
    "chef": ["chef", "cook"],
    "student": ["student", "pupil"],
    "farmer": ["farmer", "gardener"],
    "musician": ["musician", "performer"],
}
ANIMALS = {
    "dog": ["dog", "puppy"],
    "cat": ["cat", "kitten"],
    "horse": ["horse", "pony"],
}

# topic -> action -> wordings (progressive and simple present); animals do the "animals" actions.
ACTIONS = {
    "music": {
        "guitar": ["is playing a guitar", "is playing the guitar", "is strumming a guitar", "plays the guitar"],
        "piano": ["is playing the piano", "is playing a piano", "plays the piano", "is practicing on the piano"],
        "song": ["is singing a song", "sings a song", "is performing a song", "is singing a tune"],
        "drums": ["is playing the drums", "is beating a drum", "plays the drums", "is drumming"],
    },
    "cooking": {
        "onion": ["is slicing an onion", "is cutting an onion", "is chopping an onion", "slices an onion"],
        "pasta": ["is cooking pasta", "is boiling pasta", "is making spaghetti", "cooks some pasta"],
        "bread": ["is baking bread", "is making bread", "bakes a loaf of bread", "is baking a loaf"],
        "potato": ["is peeling a potato", "is peeling potatoes", "peels a potato", "is skinning a potato"],
    },
    "sport": {
        "bike": ["is riding a bicycle", "is riding a bike", "rides a bike", "is cycling"],
        "ball": ["is kicking a ball", "is kicking a soccer ball", "kicks a ball", "is playing soccer"],
        "swim": ["is swimming in a pool", "is swimming", "swims in the pool", "is doing laps in a pool"],
        "run": ["is running on a track", "is jogging", "runs on the track", "is running"],
    },
    "study": {
        "book": ["is reading a book", "is reading a novel", "reads a book", "is looking at a book"],
        "letter": ["is writing a letter", "is writing a note", "writes a letter", "is writing"],
        "computer": ["is typing on a laptop", "is using a computer", "types on a keyboard", "is working on a laptop"],
    },
    "housework": {
        "dishes": ["is washing the dishes", "is cleaning the dishes", "washes the dishes", "is doing the dishes"],
        "floor": ["is sweeping the floor", "is cleaning the floor", "sweeps the floor", "is mopping the floor"],
        "plants": ["is watering the plants", "is watering the flowers", "waters the plants", "is watering the garden"],
    },
    "animals": {
        "chase": ["is chasing a ball", "is running after a ball", "chases a ball", "is chasing the ball"],
        "sleep": ["is sleeping on a sofa", "is napping on the couch", "sleeps on the couch", "is asleep on the sofa"],
        "eat": ["is eating its food", "is eating", "eats its dinner", "is having a meal"],
        "jump": ["is jumping over a fence", "jumps over the fence", "is leaping over a fence", "is hopping a fence"],
    },
}
PLACES = {
    "park": ["in the park", "at the park"],
    "kitchen": ["in the kitchen", "in a kitchen"],
    "home": ["at home", "in the house"],
    "beach": ["on the beach", "by the sea"],
    "street": ["in the street", "on the street"],
    "school": ["at school", "in a classroom"],
    "garden": ["in the garden", "in the yard"],
    "stage": ["on a stage", "on stage"],
}
TOPIC_PLACES = {
    "music": ["park", "home", "street", "stage"],
    "cooking": ["kitchen", "home", "garden"],
    "sport": ["park", "beach", "street", "school"],
    "study": ["school", "home", "park"],
    "housework": ["home", "kitchen", "garden"],
    "animals": ["park", "home", "garden", "beach"],
}


def topic_of(action):
    return next(topic for topic, actions in ACTIONS.items() if action in actions)


def subjects_for(topic):
    return ANIMALS if topic == "animals" else PEOPLE


def random_meaning(rng, topic=None, action=None, subject=None):
    topic = topic or (topic_of(action) if action else rng.choice(sorted(ACTIONS)))
    action = action or rng.choice(sorted(ACTIONS[topic]))
    subject = subject or rng.choice(sorted(subjects_for(topic)))
    place = rng.choice(TOPIC_PLACES[topic]) if rng.random() < 0.5 else None
    return (subject, action, place)


def wording(rng, meaning):
    subject, action, place = meaning
    nouns = PEOPLE.get(subject) or ANIMALS[subject]
    noun = rng.choice(nouns)
    article = rng.choice(["the", "an" if noun[0] in "aeiou" else "a"])
    clause = "%s %s %s" % (article, noun, rng.choice(ACTIONS[topic_of(action)][action]))
    if place is None:
        sentence = clause
    elif rng.random() < 0.7:
        sentence = "%s %s" % (clause, rng.choice(PLACES[place]))
    else:
        sentence = "%s, %s" % (rng.choice(PLACES[place]), clause)
    return sentence[0].upper() + sentence[1:] + "."


def paraphrase_pair(rng, meaning):
    first = wording(rng, meaning)
    for _ in range(100):
        second = wording(rng, meaning)
        if second != first:
            return first, second
    raise RuntimeError("no second wording for %r" % (meaning,))


def graded_pair(rng, score):
    """Two sentences sharing exactly the meaning that `score` says (see the module docstring)."""
    if score == 5:
        return paraphrase_pair(rng, random_meaning(rng))
    if score == 4:
        subject, action, place = random_meaning(rng)
        places = [None] + TOPIC_PLACES[topic_of(action)]
        other_place = rng.choice([p for p in places if p != place])
        return wording(rng, (subject, action, place)), wording(rng, (subject, action, other_place))
    if score == 3:
        first = random_meaning(rng)
        other_subject = rng.choice([s for s in sorted(subjects_for(topic_of(first[1]))) if s != first[0]])
        return wording(rng, first), wording(rng, random_meaning(rng, action=first[1], subject=other_subject))
    if score == 2:
        first = random_meaning(rng)
        topic = topic_of(first[1])
        other_action = rng.choice([a for a in sorted(ACTIONS[topic]) if a != first[1]])
        return wording(rng, first), wording(rng, random_meaning(rng, action=other_action))
    first_topic = rng.choice([t for t in sorted(ACTIONS) if t != "animals"])  # a person, so score 1 can share it
    first = random_meaning(rng, topic=first_topic)
    other_topics = [t for t in sorted(ACTIONS) if t != first_topic and (score == 0 or t != "animals")]
    other_topic = rng.choice(other_topics)
    if score == 1:
        return wording(rng, first), wording(rng, random_meaning(rng, topic=other_topic, subject=first[0]))
    other_subject = rng.choice([s for s in sorted(subjects_for(other_topic)) if s != first[0]])
    return wording(rng, first), wording(rng, random_meaning(rng, topic=other_topic, subject=other_subject))


def main():
    rng = random.Random(SEED)
    corpus, seen = [], set()
    while len(corpus) < CORPUS_SENTENCES:
        sentence = wording(rng, random_meaning(rng))
        if sentence not in seen:
            seen.add(sentence)
            corpus.append(sentence)
    with open("tiny_data/corpus.txt", "w") as out:
        out.write("\n".join(corpus) + "\n")

    pairs = [(score, *graded_pair(rng, score)) for score in range(6) for _ in range(PAIRS_PER_SCORE)]
    rng.shuffle(pairs)
    with open("tiny_data/sts_pairs.tsv", "w") as out:
        out.write("sentence1\tsentence2\tscore\n")
        out.writelines("%s\t%s\t%.1f\n" % (first, second, score) for score, first, second in pairs)
    print("tiny_data: %d corpus sentences, %d graded pairs" % (len(corpus), len(pairs)))


if __name__ == "__main__":
    main()
