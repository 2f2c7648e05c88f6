/// Whose rhythm a client's return is judged by (SPEC §13).
///
/// A salon's clients have their hair cut every six weeks, their nails done
/// every three, botox every six to eight months: one cycle per client mixes
/// them up, so with a category column each client × service pair gets its own
/// cycle and the client is lost only when it is lost for every service it used.
public enum CycleBasis: String, Hashable, Sendable, CaseIterable {
    /// One cycle per client × service pair; the client takes its best pair's
    /// status (the default when the input has a category column).
    case service
    /// One cycle per client over all its purchase days (SPEC §5 as written),
    /// the category ignored (the default without a category column).
    case client
}
