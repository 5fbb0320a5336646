namespace Microfactory.Grains;

/// <summary>
/// A grain with persistent state: one JSON document in the store, written only by an explicit
/// <see cref="WriteStateAsync"/>, conditional on the ETag last read or written.
/// </summary>
public abstract class Grain<TState> : Grain, IStatefulGrain
    where TState : class, new()
{
    /// <summary>The state as last read or written; change it, then call <see cref="WriteStateAsync"/>.</summary>
    protected TState State { get; set; } = new();

    /// <summary>True once the state has been stored at least once (read or written).</summary>
    protected bool RecordExists => ETag is not null;

    internal string? ETag { get; set; }

    /// <summary>
    /// Stores <see cref="State"/> if nobody else wrote since this activation read it; otherwise this activation is
    /// dropped and <see cref="GrainConflictException"/> is thrown so the edge can retry the whole call.
    /// </summary>
    protected Task WriteStateAsync(CancellationToken cancellationToken = default) =>
        Activation.Host.States.WriteAsync(this, cancellationToken);

    /// <summary>Re-reads the stored state, discarding unsaved changes.</summary>
    protected Task ReadStateAsync(CancellationToken cancellationToken = default) =>
        Activation.Host.States.ReadAsync(this, cancellationToken);

    /// <summary>Deletes the stored state (conditional on the ETag) and resets <see cref="State"/>.</summary>
    protected Task ClearStateAsync(CancellationToken cancellationToken = default) =>
        Activation.Host.States.ClearAsync(this, cancellationToken);

    Type IStatefulGrain.StateType => typeof(TState);

    object IStatefulGrain.State
    {
        get => State;
        set => State = (TState)value;
    }

    string? IStatefulGrain.ETag
    {
        get => ETag;
        set => ETag = value;
    }

    object IStatefulGrain.CreateEmptyState() => new TState();
}

/// <summary>The host's untyped view of a grain's state, so storage needs no reflection per call.</summary>
internal interface IStatefulGrain
{
    Type StateType { get; }

    object State { get; set; }

    string? ETag { get; set; }

    object CreateEmptyState();
}
