var r={store:null,revision:-1,records:null};function n(e){if(r.store!==e||r.revision!==e.revision){let i={store:e,revision:e.revision,records:e.all()};i.records.catch(()=>{r===i&&(r={store:null,revision:-1,records:null})}),r=i}return r.records}export{n as a};
//# sourceMappingURL=chunk-BXC2X7DV.js.map
