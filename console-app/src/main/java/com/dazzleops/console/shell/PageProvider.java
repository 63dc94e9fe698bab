package com.dazzleops.console.shell;

import java.util.List;

/**
 * Contributes pages to the shell through {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/com.dazzleops.console.shell.PageProvider}. Feature packages (traces, jobs, ...) plug in
 * without the shell knowing them.
 */
public interface PageProvider {

    /** Creates this provider's pages, given the shell's shared services. Called on the FX thread. */
    List<Page> createPages(ShellContext context);
}
