using System.ComponentModel.DataAnnotations;

namespace Microfactory.Network.Kpis;

/// <summary>How the sustainability KPIs are reckoned (section <c>Kpis</c>; docs/kpis.md).</summary>
public sealed class KpiOptions : IValidatableObject
{
    public const string Section = "Kpis";

    /// <summary>Estimated transport emissions per km by delivery mode (grams CO2e per km, for the whole delivery of one order).</summary>
    public Dictionary<string, double> Co2GramsPerKm { get; set; } = new(StringComparer.Ordinal)
    {
        ["van"] = 250,
        ["truck"] = 900,
        ["cargo-bike"] = 0,
    };

    /// <summary>The mode of an order that names none; must be a key of <see cref="Co2GramsPerKm"/>.</summary>
    public string DefaultDeliveryMode { get; set; } = "van";

    /// <summary>
    /// The site a purely central factory would be: the KPIs say how many km its deliveries would have needed for the
    /// same orders. Unset: no comparison.
    /// </summary>
    public string? ReferenceSiteId { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Co2GramsPerKm.ContainsKey(DefaultDeliveryMode))
        {
            yield return new ValidationResult($"Kpis:DefaultDeliveryMode '{DefaultDeliveryMode}' is not a key of Kpis:Co2GramsPerKm.", [nameof(DefaultDeliveryMode)]);
        }

        foreach (var (mode, grams) in Co2GramsPerKm)
        {
            if (!Ids.IsValid(mode) || !double.IsFinite(grams) || grams < 0 || grams > 1_000_000)
            {
                yield return new ValidationResult($"Kpis:Co2GramsPerKm:{mode} must be a mode name ({Ids.Rule}) with 0 to 1000000 grams per km.", [nameof(Co2GramsPerKm)]);
            }
        }

        if (ReferenceSiteId is not null && !Ids.IsValid(ReferenceSiteId))
        {
            yield return new ValidationResult($"Kpis:ReferenceSiteId must be a site id ({Ids.Rule}).", [nameof(ReferenceSiteId)]);
        }
    }
}
