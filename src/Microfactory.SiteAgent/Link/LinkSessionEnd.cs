using Grpc.Core;

namespace Microfactory.SiteAgent.Link;

/// <summary>How one Connect stream ended: its status, how long it lived after Welcome, and any retry_after floor.</summary>
internal sealed record LinkSessionEnd(StatusCode StatusCode, string Detail, TimeSpan Lived, TimeSpan? RetryAfter);
