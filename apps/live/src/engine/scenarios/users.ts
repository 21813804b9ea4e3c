export interface ScenarioUsers {
  dm: string;
  players: string[];
}

export const demoUsers: ScenarioUsers = {
  dm: "user_demo_dm",
  players: ["user_demo_p1", "user_demo_p2", "user_demo_p3"],
};

/** The i-th player, wrapping round when fewer players were given. */
export const player = (u: ScenarioUsers, i: number): string => u.players[i % u.players.length] ?? u.dm;
