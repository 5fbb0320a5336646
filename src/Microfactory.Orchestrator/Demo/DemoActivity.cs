namespace Microfactory.Orchestrator.Demo;

/// <summary>
/// What happened lately that the demo shows beside its figures: the last rebalances and the last warnings or
/// errors. While the live view holds the terminal, warnings wait here for it to draw them; otherwise they go to
/// standard error at once.
/// </summary>
public sealed class DemoActivity
{
    private const int Kept = 5;
    private readonly Lock _lock = new();
    private readonly Queue<string> _rebalances = new();
    private readonly Queue<string> _warnings = new();
    private bool _terminalHeld;

    public IReadOnlyList<string> Rebalances
    {
        get
        {
            lock (_lock)
            {
                return [.. _rebalances];
            }
        }
    }

    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_lock)
            {
                return [.. _warnings];
            }
        }
    }

    public void Rebalanced(string description)
    {
        lock (_lock)
        {
            Keep(_rebalances, description);
        }
    }

    public void Warned(string line)
    {
        lock (_lock)
        {
            Keep(_warnings, line);
            if (_terminalHeld)
            {
                return;
            }
        }

        Console.Error.WriteLine(line);
    }

    /// <summary>The live view draws on the terminal until the result is disposed; nothing else may write there meanwhile.</summary>
    public IDisposable HoldTerminal()
    {
        lock (_lock)
        {
            _terminalHeld = true;
        }

        return new Release(this);
    }

    private static void Keep(Queue<string> queue, string item)
    {
        queue.Enqueue(item);
        while (queue.Count > Kept)
        {
            queue.Dequeue();
        }
    }

    private sealed class Release(DemoActivity activity) : IDisposable
    {
        public void Dispose()
        {
            lock (activity._lock)
            {
                activity._terminalHeld = false;
            }
        }
    }
}
