namespace Microfactory.Grains;

/// <summary>One live instance of a grain on this node, with the gate that makes its calls take turns.</summary>
internal sealed class GrainActivation(GrainId id, GrainTypeInfo type, GrainHost host)
{
    private int _pending;

    public GrainId Id { get; } = id;

    public GrainTypeInfo Type { get; } = type;

    public GrainHost Host { get; } = host;

    /// <summary>One call at a time, in arrival order (SemaphoreSlim queues async waiters first in, first out).</summary>
    public SemaphoreSlim Turn { get; } = new(1, 1);

    public Grain? Instance { get; set; }

    /// <summary>Set when this activation must not serve another call: idle-collected, failed to activate, or lost a write race.</summary>
    public volatile bool Dead;

    public bool DeactivateAfterTurn { get; set; }

    public long LastUsedTimestamp { get; set; }

    public int Pending => Volatile.Read(ref _pending);

    public void Arrive() => Interlocked.Increment(ref _pending);

    public void Leave() => Interlocked.Decrement(ref _pending);
}
