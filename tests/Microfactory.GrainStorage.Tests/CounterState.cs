namespace Microfactory.GrainStorage.Tests;

public enum Shade
{
    Plain,
    Bright,
}

/// <summary>A grain state as the domain's are: a plain class with properties, a list and an enum.</summary>
public sealed class CounterState
{
    public int Count { get; set; }

    public string? Note { get; set; }

    public Shade Shade { get; set; }

    public List<string> Seen { get; set; } = [];
}
