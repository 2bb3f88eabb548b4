// Package shape computes PyRadiomics' 3-D shape features
// (radiomics/shape.py, radiomics/src/cshape.c): mesh volume and surface area
// from a marching-cubes mesh of the mask with vertices at edge midpoints,
// maximum 3-D and 2-D diameters over the mesh vertices, and axis lengths from
// a principal component analysis of the voxel centres.
//
// # Mesh
//
// The triangles of each cube configuration are derived here, not copied
// from a table: the corners of the configuration (complemented, as
// PyRadiomics does, when the last corner is set) are split into
// edge-connected components, each component's boundary loop of edge
// midpoints is traced face by face, and the loop is triangulated with the
// largest total area (a fixed fan for the one seven-vertex loop class). This
// reproduces, for every one of the 127 configurations, the area, vector area
// and signed volume of the marching-cubes table PyRadiomics uses. Triangles are oriented with their normals pointing out
// of the mask, so the signed tetrahedron volumes sum to the enclosed volume.
//
// PyRadiomics' mesh is not always closed (an ambiguous face can be resolved
// differently by its two cubes), so its signed volume depends on the frame:
// like PyRadiomics, callers pass the mask cropped to its bounding box.
//
// # Diameters
//
// The diameters are the largest distances between midpoints of edges that
// join a voxel inside the mask to one outside (PyRadiomics' mesh vertices),
// in 3-D and within planes of constant z (slice), y (column) and x (row). A
// vertex that lies strictly between two others on a grid line is never an
// end of a diameter, so only the extreme vertices along every grid line are
// compared, and 2-D diameters are taken over the convex hull of each plane.
package shape
