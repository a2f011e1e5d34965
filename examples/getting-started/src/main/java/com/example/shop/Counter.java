package com.example.shop;

import io.medic.runtime.From;
import io.medic.runtime.GenServer;

/** A counter: "increment" (a cast) adds one, "get" (a call) answers the count. */
public final class Counter extends GenServer<Long> {
    @Override
    protected Init<Long> init() {
        return ok(0L);                                      // {ok, 0}
    }

    @Override
    protected Result<Long> handleCall(Object request, From from, Long count) throws Exception {
        if ("get".equals(request)) {
            return reply(count, count);                     // {reply, Count, Count}
        }
        return super.handleCall(request, from, count);      // anything else crashes it
    }

    @Override
    protected Result<Long> handleCast(Object message, Long count) throws Exception {
        if ("increment".equals(message)) {
            return noreply(count + 1);                      // {noreply, Count + 1}
        }
        return super.handleCast(message, count);
    }
}
