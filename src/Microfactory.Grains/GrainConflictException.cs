namespace Microfactory.Grains;

/// <summary>
/// Another activation (usually on another node) wrote this grain's state first. The activation that lost has been
/// dropped, so retrying the whole call re-reads fresh state. Edges retry with <see cref="GrainRetry"/>.
/// </summary>
public sealed class GrainConflictException(GrainId grain, Exception inner)
    : Exception($"Grain {grain} was changed by another activation; the call can be retried.", inner)
{
    public GrainId Grain { get; } = grain;
}
