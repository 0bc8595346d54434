package dev.hearth.agent;

/** The agent's HTTP server as the lifecycle sees it. */
public interface HttpSurface {
    void start() throws Exception;

    void stop();

    String describe();

    HttpSurface NONE = new HttpSurface() {
        @Override
        public void start() {}

        @Override
        public void stop() {}

        @Override
        public String describe() {
            return "disabled";
        }
    };
}
