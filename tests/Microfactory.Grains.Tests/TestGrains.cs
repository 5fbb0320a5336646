namespace Microfactory.Grains.Tests;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();

    Task<int> MaxConcurrencySeenAsync();

    Task ForgetAsync();
}

public sealed class CounterState
{
    public int Count { get; set; }
}

/// <summary>Counts with a read-modify-write that spans an await, so overlapping turns would lose increments.</summary>
public sealed class CounterGrain : Grain<CounterState>, ICounterGrain
{
    private int _inside;
    private int _maxInside;

    public async Task<int> IncrementAsync()
    {
        var now = Interlocked.Increment(ref _inside);
        _maxInside = Math.Max(_maxInside, now);
        try
        {
            var read = State.Count;
            await Task.Yield();
            State.Count = read + 1;
            await WriteStateAsync();
            return State.Count;
        }
        finally
        {
            Interlocked.Decrement(ref _inside);
        }
    }

    public Task<int> GetAsync() => Task.FromResult(State.Count);

    public Task<int> MaxConcurrencySeenAsync() => Task.FromResult(_maxInside);

    public Task ForgetAsync() => ClearStateAsync();
}

[GrainType("ping")]
public interface IPingGrain : IGrainWithStringKey
{
    Task<string> PingAsync(string peer);
}

/// <summary>Calls its peer, which calls back: the cycle that turn-based grains cannot serve.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    public Task<string> PingAsync(string peer) =>
        peer.Length == 0 ? Task.FromResult(PrimaryKey) : GrainFactory.GetGrain<IPingGrain>(peer).PingAsync(PrimaryKey);
}

public interface INotATaskGrain : IGrainWithStringKey
{
    int Count();
}

public sealed class NotATaskGrain : Grain, INotATaskGrain
{
    public int Count() => 0;
}
