namespace Microfactory.Orchestrator.Api.Validation;

/// <summary>
/// Marks a query parameter as a list filter (<see cref="ListFilters"/>), so the OpenAPI document shows it as an array
/// that takes several values, limited to the enum's names when <see cref="ValueType"/> is an enum.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FilterOfAttribute(Type valueType) : Attribute
{
    public Type ValueType { get; } = valueType;
}
