using Orleans;

namespace Microfactory.Network.Rollouts;

/// <summary>No <see cref="Designs.IDesignDelivery"/> is registered on this node, so no instruction can reach a site. The API answers 503.</summary>
[GenerateSerializer]
public sealed class DesignDeliveryUnavailableException()
    : Exception("Design delivery is unavailable on this node: no IDesignDelivery is registered, so rollouts cannot reach sites.");
