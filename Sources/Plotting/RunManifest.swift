import Foundation

/// The parts of run.json that plots use: the experiment's name and description.
public struct RunManifest: Sendable, Equatable {
    public var experiment: String
    public var description: String

    public init(experiment: String, description: String) {
        self.experiment = experiment
        self.description = description
    }

    /// Reads `experiment` and `description` from run.json's top-level object.
    public static func parse(_ data: Data, file: String) throws(PlotError) -> RunManifest {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw PlotError(file: file, message: "is not valid JSON")
        }
        guard let fields = object as? [String: Any] else {
            throw PlotError(file: file, message: "is not a JSON object")
        }
        return RunManifest(
            experiment: fields["experiment"] as? String ?? "", description: fields["description"] as? String ?? "")
    }
}
