namespace Microfactory.Testing;

/// <summary>Every await in a test has a limit and says what it was waiting for when the limit passes.</summary>
public static class Await
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(Environment.GetEnvironmentVariable("CI") is null ? 10 : 30);

    public static async Task Within(this Task task, string awaited, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? DefaultTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0.#}s waiting for {awaited}.");
        }
    }

    public static async Task<T> Within<T>(this Task<T> task, string awaited, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? DefaultTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0.#}s waiting for {awaited}.");
        }
    }

    /// <summary>Polls a condition that is driven by real I/O (a process, a socket) until it holds, or fails with the message.</summary>
    public static async Task Until(Func<Task<bool>> condition, string awaited, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        using var cts = new CancellationTokenSource(limit);
        while (!await condition().ConfigureAwait(false))
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#}s waiting for {awaited}.");
            }
        }
    }
}
