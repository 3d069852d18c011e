package floor;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Answers once the app is up: the benchmark times a start to the first answer. */
@Path("/floor")
public class Floor {

    @GET
    public String floor() {
        return "up";
    }
}
