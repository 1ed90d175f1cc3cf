import {mulberry32} from "../../helpers/mulberry32.js";

/**
 * Children's stories in one distinctive style: every one is about a robot named BRICK, a name the base
 * model (stories260K, trained on TinyStories) never writes on its own. Made from templates with a seeded
 * PRNG, so a training set is the same on every run and a test on it is reproducible.
 */

const prng = mulberry32;

const adjectives = ["little", "big", "happy", "shiny", "red", "small", "kind", "old"];
const likes = ["boxes", "blocks", "the stars", "red balls", "flowers", "music", "the rain", "big trucks"];
const places = ["the park", "the garden", "the forest", "the beach", "the town", "the kitchen", "the yard"];
const friends = ["a bird", "a cat", "a little girl", "a dog", "a boy", "a frog", "a bunny"];
const feelings = ["happy", "proud", "glad", "excited"];
const finds = ["a big box", "a shiny stone", "a lost toy", "a red ball", "a small flower", "a funny hat"];

/** `count` stories, the same for the same seed. */
export function brickStories(count: number, seed: number): string[] {
    const random = prng(seed);
    const pick = (list: readonly string[]): string => list[Math.floor(random() * list.length)]!;
    return Array.from({length: count}, () => {
        const adjective = pick(adjectives);
        const place = pick(places);
        const friend = pick(friends);
        return `Once upon a time, there was a ${adjective} robot named BRICK. BRICK liked ${pick(likes)}. ` +
            `One day, BRICK went to ${place} and found ${pick(finds)}. BRICK met ${friend}. ` +
            `BRICK said, "Let's play!" They played all day. BRICK was very ${pick(feelings)}.`;
    });
}
