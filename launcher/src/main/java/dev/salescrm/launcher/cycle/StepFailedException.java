package dev.salescrm.launcher.cycle;

/** A step of a sales cycle did not do what it should: which step, and what came back instead. */
public final class StepFailedException extends RuntimeException {

    private final int step;
    private final String title;

    public StepFailedException(int step, String title, Throwable cause) {
        super("step " + step + " (" + title + ") failed: " + cause.getMessage(), cause);
        this.step = step;
        this.title = title;
    }

    public int step() {
        return step;
    }

    public String title() {
        return title;
    }
}
