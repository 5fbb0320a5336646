using Orleans;

namespace Microfactory.Network.Designs;

/// <summary>What kind of value a design parameter takes.</summary>
public enum ParameterType
{
    /// <summary>A whole number, within <see cref="DesignParameter.Min"/> and <see cref="DesignParameter.Max"/> when given.</summary>
    Integer,

    /// <summary>A decimal number (written with '.'), within <see cref="DesignParameter.Min"/> and <see cref="DesignParameter.Max"/> when given.</summary>
    Decimal,

    /// <summary>Free text of at most <see cref="DesignParameter.MaxLength"/> characters.</summary>
    Text,

    /// <summary>One of <see cref="DesignParameter.Choices"/>, exactly as written there.</summary>
    Choice,
}

/// <summary>
/// One thing a customer may vary per order ("batch size one"): a length, a colour, an engraving. An order gives a value
/// for it, or gets <see cref="Default"/>, or is refused when it is <see cref="Required"/>. The value travels with the job
/// to the machine as text (invariant culture), exactly as the order shows it.
/// </summary>
/// <param name="Name">Lower-case id-like name (the <see cref="Ids"/> rule), e.g. "width" or "colour".</param>
/// <param name="Unit">What the number measures, e.g. "mm"; for people and machine mappings, not converted.</param>
/// <param name="Default">The value an order without one gets, in the same text form an order would send.</param>
/// <param name="Changeover">A cell set up for one value needs a changeover for another (a colour, a fixture size), so
/// routing prefers a cell already set up for the same value.</param>
[GenerateSerializer]
[Immutable]
public sealed record DesignParameter(
    [property: Id(0)] string Name,
    [property: Id(1), System.Text.Json.Serialization.JsonRequired] ParameterType Type,
    [property: Id(2)] string? Unit = null,
    [property: Id(3)] decimal? Min = null,
    [property: Id(4)] decimal? Max = null,
    [property: Id(5)] int? MaxLength = null,
    [property: Id(6)] IReadOnlyList<string>? Choices = null,
    [property: Id(7)] bool Required = false,
    [property: Id(8)] string? Default = null,
    [property: Id(9)] bool Changeover = false);

/// <summary>One parameter value as a job carries it to the site: name, canonical text value and the design's unit.</summary>
[GenerateSerializer]
[Immutable]
public sealed record JobParameter([property: Id(0)] string Name, [property: Id(1)] string Value, [property: Id(2)] string? Unit);
