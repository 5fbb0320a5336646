namespace Microfactory.Grains;

/// <summary>
/// Base of every grain. The host creates it on first call, runs one call at a time on it, and drops it when idle.
/// </summary>
public abstract class Grain
{
    private GrainActivation? _activation;

    /// <summary>This grain's identity.</summary>
    protected GrainId GrainId => Activation.Id;

    /// <summary>This grain's string key (Orleans' <c>GetPrimaryKeyString()</c>).</summary>
    protected string PrimaryKey => Activation.Id.Key;

    /// <summary>References to other grains. Calls must flow one way (Order → Site → Cell) so turns cannot deadlock.</summary>
    protected IGrainFactory GrainFactory => Activation.Host;

    internal GrainActivation Activation
    {
        get => _activation ?? throw new InvalidOperationException("The grain is not activated by a grain host.");
        set => _activation = value;
    }

    /// <summary>Runs once, inside the first call's turn, after the state was read.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs when the host drops an idle activation; the state is already in the store.</summary>
    public virtual Task OnDeactivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Drops this activation after the current call, so the next call starts from the stored state.</summary>
    protected void DeactivateOnIdle() => Activation.DeactivateAfterTurn = true;
}
