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
// smallest total area. Triangles are oriented with their normals pointing out
// of the mask, so the signed tetrahedron volumes sum to the enclosed volume.
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
