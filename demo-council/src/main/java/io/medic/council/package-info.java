/**
 * The council demo: Erlang in Anger's {@code recon_demo} on Medic. {@link io.medic.council.Council}
 * is a permanent application of 26 {@code CouncilMember}s (GenServers registered
 * under the NATO alphabet, each owning three TCP ports) under one {@code one_for_one} supervisor with
 * intensity 1 per second; members speak to each other at random, as messages and over their sockets,
 * at a seeded {@link io.medic.council.Verbosity}. {@link io.medic.council.Main} runs it with Medic's
 * HTTP API, for the exercises of {@code docs/council.md}.
 */
package io.medic.council;
