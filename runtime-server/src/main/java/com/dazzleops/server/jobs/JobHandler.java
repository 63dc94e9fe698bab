package com.dazzleops.server.jobs;

import java.util.Map;

/** The code behind a job's {@code run:} reference. Throwing fails the attempt (retried per the job's policy). */
@FunctionalInterface
public interface JobHandler {
    void run(Map<String, Object> payload) throws Exception;
}
