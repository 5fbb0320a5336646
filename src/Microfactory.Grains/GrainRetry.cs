namespace Microfactory.Grains;

/// <summary>
/// Retries a whole grain call after a <see cref="GrainConflictException"/>: the losing activation was dropped, so
/// the next attempt reads what won. Used at the edges (API handlers, agent streams, background workers) only.
/// </summary>
public static class GrainRetry
{
    public const int DefaultAttempts = 6;

    public static async Task<T> OnConflictAsync<T>(Func<Task<T>> call, int maxAttempts = DefaultAttempts, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (GrainConflictException) when (attempt < maxAttempts)
            {
                // Jittered backoff so two nodes racing on one grain do not collide again in lock step.
                var ceiling = Math.Min(200, 5 << attempt);
                await Task.Delay(Random.Shared.Next(1, ceiling), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static Task OnConflictAsync(Func<Task> call, int maxAttempts = DefaultAttempts, CancellationToken cancellationToken = default) =>
        OnConflictAsync(async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, maxAttempts, cancellationToken);
}
