var e={store:null,revision:-1,records:null};async function n(r){if(e.store!==r||e.revision!==r.revision){let i=r.revision;e={store:r,revision:i,records:await r.all()}}return e.records}export{n as a};
//# sourceMappingURL=chunk-P46DTP63.js.map
