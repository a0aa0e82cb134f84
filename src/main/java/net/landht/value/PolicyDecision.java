package net.landht.value;

/** What {@link EditPolicy} decided about an incoming value. */
public sealed interface PolicyDecision {
    /**
     * Store it.
     *
     * @param value what to store: the incoming value, or a rewritten one (type 2 takes the sender's address)
     */
    record Accept(Value value) implements PolicyDecision {
    }

    /** Do not store it (the put is still acked). */
    record Refuse(Refusal reason) implements PolicyDecision {
    }
}
