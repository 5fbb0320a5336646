using Orleans;

namespace Microfactory.Network;

// Thrown inside grains and caught at the edges (the API, the agent link), possibly on another silo: each carries what
// the edge needs to answer, serialized by Orleans like any grain message.

/// <summary>A referenced thing (site, cell, order, city, design) does not exist. The API answers 404.</summary>
[GenerateSerializer]
public sealed class NotFoundException(string what, string id) : Exception($"{what} '{id}' does not exist.")
{
    [Id(0)]
    public string What { get; } = what;

    [Id(1)]
    public string Id { get; } = id;
}

/// <summary>The request is well formed but the current state forbids it (cancel a completed order). The API answers 409.</summary>
[GenerateSerializer]
public sealed class InvalidStateException(string message) : Exception(message);

/// <summary>The request contradicts itself or the network (unknown city, bad quantity). The API answers 422 or 400.</summary>
[GenerateSerializer]
public sealed class DomainValidationException(string field, string message) : Exception(message)
{
    [Id(0)]
    public string Field { get; } = field;
}

/// <summary>An idempotency key was reused for a different request. The API answers 422.</summary>
[GenerateSerializer]
public sealed class IdempotencyMismatchException(string key) : Exception(
    $"Idempotency key '{key}' was already used for a different order; use a new key for a new order.");
