using Grpc.Core;
using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Hosting;
using Microfactory.SiteAgent.State;
using Microsoft.Extensions.Logging;
using V1 = Microfactory.Contracts.Agent.V1;

namespace Microfactory.SiteAgent.Link;

/// <summary>
/// The credential the agent presents: <c>Agent:Credential</c> when configured, else the one it got by enrolment and
/// keeps in <c>&lt;StateDirectory&gt;/site-credential</c>, readable by the agent's user only (0600). The file is read
/// again at every call, so an operator who writes a rotated credential into it needs no restart: the next
/// reconnect uses it.
/// </summary>
public sealed class SiteCredential(AgentOptions options, ReconnectBackoff backoff, TimeProvider time, ILogger logger)
{
    public const string FileName = "site-credential";

    /// <summary>How long one Enroll call may take.</summary>
    public static readonly TimeSpan EnrolDeadline = TimeSpan.FromSeconds(30);

    public static string PathIn(AgentOptions options) => Path.Combine(options.ResolveStateDirectory(), FileName);

    /// <summary>Whether the agent has a credential without enrolling (configured, or enrolled before).</summary>
    public static bool IsHeld(AgentOptions options) => !string.IsNullOrWhiteSpace(options.Credential) || File.Exists(PathIn(options));

    /// <summary>The credential to present now.</summary>
    public string Current() =>
        !string.IsNullOrWhiteSpace(options.Credential) ? options.Credential : File.ReadAllText(PathIn(options)).Trim();

    /// <summary>
    /// Enrols when the agent holds no credential: trades <c>Agent:EnrolmentToken</c> for the site's credential and
    /// writes it to the state directory before using it, so a restart never needs the token again. Retries while the
    /// orchestrator cannot be reached; a refused token throws <see cref="EnrolmentRefusedException"/>.
    /// </summary>
    public async Task EnsureAsync(V1.Enrolment.EnrolmentClient client, CancellationToken cancellationToken)
    {
        if (IsHeld(options))
        {
            return;
        }

        while (true)
        {
            var startedAt = time.GetUtcNow();
            try
            {
                // gRPC deadlines are wall-clock instants sent to the server as grpc-timeout, hence DateTime.UtcNow.
                var response = await client.EnrollAsync(
                    new V1.EnrollRequest { SiteId = options.SiteId, EnrolmentToken = options.EnrolmentToken!.Trim(), AgentVersion = AgentVersion.Current },
                    deadline: DateTime.UtcNow + EnrolDeadline, cancellationToken: cancellationToken).ConfigureAwait(false);
                Write(response.Credential);
                AgentLinkLog.Enrolled(logger, options.SiteId, PathIn(options));
                return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.PermissionDenied or StatusCode.InvalidArgument or StatusCode.Unauthenticated)
            {
                throw new EnrolmentRefusedException(e.StatusCode, e.Status.Detail);
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                var wait = backoff.NextWait(time.GetUtcNow() - startedAt, null);
                AgentLinkLog.EnrolmentRetrying(logger, options.SiteId, e.StatusCode.ToString(), e.Status.Detail, wait);
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Write(string credential) =>
        SecretFile.Write(PathIn(options), credential, UnixFileMode.UserRead | UnixFileMode.UserWrite);
}

/// <summary>The orchestrator refused the enrolment token: an operator must create a new one.</summary>
public sealed class EnrolmentRefusedException(StatusCode status, string detail) : Exception($"{status}: {detail}")
{
    public StatusCode Status { get; } = status;

    public string Detail { get; } = detail;
}
